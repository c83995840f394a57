using EmotionRecognition.Audio;
using EmotionRecognition.TestData;

namespace EmotionRecognition.Audio.Tests;

public sealed class FolderWalkTests
{
    [Fact]
    public void LinkCyclesAreNotFollowedAndLinkedFilesAreListedOnce()
    {
        var root = SharedData.NewTempDirectory("folder-walk");
        try
        {
            var inner = Directory.CreateDirectory(Path.Combine(root, "a", "b")).FullName;
            File.WriteAllText(Path.Combine(inner, "x.wav"), "");
            File.WriteAllText(Path.Combine(root, "y.wav"), "");
            // A cycle back to the root, a link to itself's parent twice over, and a linked file.
            Directory.CreateSymbolicLink(Path.Combine(inner, "up"), root);
            Directory.CreateSymbolicLink(Path.Combine(root, "self1"), root);
            Directory.CreateSymbolicLink(Path.Combine(root, "self2"), root);
            File.CreateSymbolicLink(Path.Combine(root, "z.wav"), Path.Combine(inner, "x.wav"));

            var files = FolderWalk.Files(root, f => f.EndsWith(".wav", StringComparison.Ordinal));

            Assert.Equal([Path.Combine(inner, "x.wav"), Path.Combine(root, "y.wav"), Path.Combine(root, "z.wav")], files);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void AMissingFolderIsNamed()
    {
        var e = Assert.Throws<DirectoryNotFoundException>(() => FolderWalk.Files("/no/such/folder/here"));
        Assert.Contains("/no/such/folder/here", e.Message);
    }
}
