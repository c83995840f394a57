using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using EmotionRecognition.FeatureCheck;

// feature-check REFERENCE [MAX_DIFFERENCE]: writes the reference when it is missing, otherwise compares with it and fails (exit 1)
// above the allowed relative difference. The default, 5e-6, is float32 rounding with room to spare: sums taken in another order
// stay below 8e-7 on one machine, and ARM64 with every vector path off (another libm, scalar TensorPrimitives) measured 1.7e-6.
// A wrong kernel is off by whole percent.
if (args.Length is < 1 or > 2)
{
    Console.Error.WriteLine("usage: feature-check REFERENCE [MAX_DIFFERENCE]");
    return 2;
}
var allowed = args.Length == 2 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5e-6;
var machine = $"{RuntimeInformation.ProcessArchitecture}, vectors accelerated: 128 {Vector128.IsHardwareAccelerated}, " +
    $"256 {Vector256.IsHardwareAccelerated}, 512 {Vector512.IsHardwareAccelerated}";
Console.WriteLine(machine);
var (line, difference) = FeatureDump.WriteOrCompare(FeatureDump.Compute(), args[0], RuntimeInformation.ProcessArchitecture.ToString());
Console.WriteLine(line);
return difference <= allowed ? 0 : 1;
