using System.Reflection;
using System.Runtime.InteropServices;
using TorchSharp;

namespace EmotionRecognition.Training.Tests.Training;

/// <summary>
/// The build step that marks libLibTorchSharp.so's GLIBCXX needs weak, run by MSBuild on a copy of TorchSharp's own
/// (unpatched) library, the way a consumer's build runs it after copying the native files.
/// </summary>
public partial class TorchSharpPatchTests
{
    [Fact]
    public void ByDefaultTheBuildMarksTheGlibcxxNeedsWeak()
    {
        var (original, patched) = BuildWith(folders: null);

        // Only flag bytes change: one per GLIBCXX version the library needs beyond Debian 12's libstdc++.
        var changed = original.Zip(patched).Count(pair => pair.First != pair.Second);
        Assert.Equal(original.Length, patched.Length);
        Assert.InRange(changed, 1, 3);
    }

    [Fact]
    public void ThePropertySwitchesThePatchOff()
    {
        var (original, built) = BuildWith(folders: null, "-p:EmotionRecognitionPatchTorchSharp=false");

        Assert.Equal(original, built);
    }

    [Fact]
    public void APublishFolderWithoutItsTrailingSlashIsPatchedToo()
    {
        // `dotnet publish -o out` hands referenced projects PublishDir=out as a global property, without the slash; the step once
        // read "out**/libLibTorchSharp.so" as a file name and failed the build.
        var (original, patched) = BuildWith(work => [$"-p:OutDir={work}/bin/", $"-p:PublishDir={work}/out"]);

        Assert.Equal(original.Length, patched.Length);
        Assert.InRange(original.Zip(patched).Count(pair => pair.First != pair.Second), 1, 3);
    }

    [Fact]
    public void AHardLinkedLibraryIsPatchedWhileThePackageCopyStaysAsShipped()
    {
        // The repository's build hard-links copy-local files into the package cache; writing through the link would patch
        // the cache's library for every other consumer (and this class's unpatched reference with it).
        string? package = null;
        var (original, patched) = BuildWith(folders: null, place: (source, library) =>
        {
            package = Path.Combine(Path.GetDirectoryName(library)!, "package.so");
            File.Copy(source, package);
            Assert.Equal(0, HardLink(package, library));
        }, inspect: () => File.ReadAllBytes(package!));

        Assert.InRange(original.Zip(patched.Library).Count(pair => pair.First != pair.Second), 1, 3);
        Assert.Equal(original, patched.Package);
    }

    // The library sits under work/out; `folders` says how the build is told so (default: OutDir=work/out/).
    private static (byte[] Original, byte[] Built) BuildWith(Func<string, string[]>? folders, params string[] properties)
    {
        var (original, built) = BuildWith(folders, File.Copy, inspect: () => [], properties);
        return (original, built.Library);
    }

    // `place` puts TorchSharp's library at the path it is given; `inspect` reads what else the test watches before cleanup.
    private static (byte[] Original, (byte[] Library, byte[] Package) Built) BuildWith(
        Func<string, string[]>? folders, Action<string, string> place, Func<byte[]> inspect, params string[] properties)
    {
        var work = Directory.CreateTempSubdirectory("torchsharp-patch-");
        try
        {
            Directory.CreateDirectory(Path.Combine(work.FullName, "bin"));
            var native = Directory.CreateDirectory(Path.Combine(work.FullName, "out", "runtimes", "linux-x64", "native"));
            var library = Path.Combine(native.FullName, "libLibTorchSharp.so");
            place(UnpatchedLibrary(), library);
            var original = File.ReadAllBytes(library);
            var project = Path.Combine(work.FullName, "consumer.proj");
            File.WriteAllText(project, $"<Project><Import Project=\"{Metadata("TrainingTargets")}\" /></Project>");

            _ = DotnetProcess.Run(["msbuild", project, "-nologo", "-nodeReuse:false", "-t:WeakenTorchSharpGlibcxxNeeds", .. folders?.Invoke(work.FullName) ?? [$"-p:OutDir={work.FullName}/out/"], .. properties]);
            return (original, (File.ReadAllBytes(library), inspect()));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>The library as the TorchSharp package ships it (the test's own output copy is already patched).</summary>
    private static string UnpatchedLibrary()
    {
        var version = typeof(torch).Assembly.GetName().Version!.ToString(3);
        var path = Path.Combine(Metadata("NuGetPackageRoot"), "torchsharp", version, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(File.Exists(path), $"TorchSharp's native library is not in the package cache at {path}");
        return path;
    }

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int HardLink(string existing, string link);

    private static string Metadata(string key) =>
        typeof(TorchSharpPatchTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
