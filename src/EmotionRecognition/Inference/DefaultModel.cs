using System.Reflection;

namespace EmotionRecognition.Inference;

/// <summary>
/// Finds the default model however the app got it: the <c>EmotionRecognition.Models.Default</c> package ships it as the embedded
/// resource of a code-free assembly, found by name so that the core itself never depends on the model (or its licence).
/// </summary>
internal static class DefaultModel
{
    /// <summary>The assembly of the <c>EmotionRecognition.Models.Default</c> package.</summary>
    internal const string AssemblyName = "EmotionRecognition.Models.Default";

    /// <summary>Opens the default model's bytes.</summary>
    /// <exception cref="EmotionModelLoadException">No default model is installed.</exception>
    internal static Stream Open() => Open(AssemblyName);

    /// <summary>Opens the resource <see cref="EmotionClassifier.DefaultModelResource"/> of the named assembly.</summary>
    internal static Stream Open(string assemblyName)
    {
        Assembly assembly;
        try
        {
            assembly = Assembly.Load(new AssemblyName(assemblyName));
        }
        catch (FileNotFoundException e)
        {
            throw NotInstalled($"the assembly {assemblyName} is not part of this app", e);
        }
        return assembly.GetManifestResourceStream(EmotionClassifier.DefaultModelResource)
            ?? throw NotInstalled($"the assembly {assemblyName} has no resource {EmotionClassifier.DefaultModelResource}", null);
    }

    private static EmotionModelLoadException NotInstalled(string why, Exception? inner) =>
        new(EmotionClassifier.DefaultModelResource,
            $"no default model is installed ({why}). Reference the EmotionRecognition or EmotionRecognition.Gpu package (they bring " +
            "EmotionRecognition.Models.Default, licensed CC BY-NC-SA 4.0), or load a trained model by path: " +
            "EmotionClassifier.Load(\"model.emotion\"), or --model FILE on the command line.", inner);
}
