using System.Text.Json;
using EmotionRecognition.TestData;

namespace EmotionRecognition.Audio.Tests.Features;

/// <summary>One librosa reference folder, loaded lazily and cached across tests.</summary>
internal sealed class LibrosaFixture
{
    private static readonly Dictionary<string, LibrosaFixture> Cache = new();
    private readonly Dictionary<string, NpyArray> _arrays = new();

    private LibrosaFixture(string name)
    {
        Name = name;
        Folder = SharedData.Fixture(name);
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "manifest.json")));
        NativeRate = manifest.RootElement.GetProperty("input").GetProperty("sr_native").GetInt32();
    }

    public string Name { get; }

    public string Folder { get; }

    public int NativeRate { get; }

    public float[] Signal => Array("signal").ToFloat();

    public static IEnumerable<object[]> Names() => SharedData.FixtureNames().Select(n => new object[] { n });

    /// <summary>The folders that hold augmentation references (aug_*.npy).</summary>
    public static IEnumerable<object[]> AugmentedNames() =>
        new[] { "b_22050_mono_s16", "03-01-05-02-01-01-01", "03-01-02-01-01-02-01" }.Select(f => new object[] { f });

    public static LibrosaFixture Get(string name)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(name, out var fixture))
                Cache[name] = fixture = new LibrosaFixture(name);
            return fixture;
        }
    }

    public bool Has(string array) => File.Exists(Path.Combine(Folder, array + ".npy"));

    public NpyArray Array(string array)
    {
        lock (_arrays)
        {
            if (!_arrays.TryGetValue(array, out var value))
                _arrays[array] = value = Npy.Read(Path.Combine(Folder, array + ".npy"));
            return value;
        }
    }
}
