using EmotionRecognition.Data;
using EmotionRecognition.TestData;

namespace EmotionRecognition.Training.Tests.Data;

public class CorpusTests
{
    [RequiresFact(Requirement.SharedData)]
    public void RavdessIsDetectedAndReadWithCalmAsNeutral()
    {
        Assert.Equal(CorpusKind.Ravdess, Corpus.Detect(SharedData.Ravdess));
        var clips = Corpus.Load(SharedData.Ravdess);

        Assert.Equal(1200, clips.Count);
        Assert.Equal(20, clips.Select(c => c.Speaker).Distinct().Count());
        Assert.All(clips, c => Assert.Equal("ravdess", c.Corpus));
        var perClass = clips.GroupBy(c => c.Emotion).ToDictionary(g => g.Key, g => g.Count());
        // Per actor: neutral 4 + calm 8, and 8 of each other emotion (data README).
        Assert.Equal(20 * 12, perClass[Emotion.Neutral]);
        foreach (var e in new[] { Emotion.Angry, Emotion.Disgust, Emotion.Fear, Emotion.Happy, Emotion.Sad, Emotion.Surprise })
            Assert.Equal(20 * 8, perClass[e]);
        var sample = clips.Single(c => Path.GetFileName(c.Path) == "03-01-05-02-01-01-07.flac");
        Assert.Equal(Emotion.Angry, sample.Emotion);
        Assert.Equal("ravdess:07", sample.Speaker);
    }

    [RequiresFact(Requirement.SharedData)]
    public void RavdessCalmCanBeLeftOut()
    {
        var clips = Corpus.Load(SharedData.Ravdess, CorpusKind.Ravdess, new CorpusOptions { CalmAsNeutral = false });
        Assert.Equal(1200 - 20 * 8, clips.Count);
        Assert.Equal(20 * 4, clips.Count(c => c.Emotion == Emotion.Neutral));
    }

    [RequiresTheory(Requirement.SharedData)]
    [InlineData(CorpusKind.CremaD, new[] { "1001_DFA_ANG_XX.wav", "1001_IEO_DIS_HI.wav", "1002_TIE_FEA_LO.wav", "1002_DFA_HAP_MD.wav", "1003_ITS_NEU_XX.wav", "1003_IWL_SAD_LO.wav" },
        new[] { "angry", "disgust", "fear", "happy", "neutral", "sad" }, new[] { "crema-d:1001", "crema-d:1001", "crema-d:1002", "crema-d:1002", "crema-d:1003", "crema-d:1003" })]
    [InlineData(CorpusKind.Tess, new[] { "OAF_angry/OAF_back_angry.wav", "OAF_disgust/OAF_bath_disgust.wav", "YAF_fear/YAF_bean_fear.wav", "YAF_happy/YAF_bite_happy.wav", "OAF_neutral/OAF_boat_neutral.wav", "YAF_pleasant_surprised/YAF_bone_ps.wav", "OAF_Sad/OAF_cab_sad.wav" },
        new[] { "angry", "disgust", "fear", "happy", "neutral", "surprise", "sad" }, new[] { "tess:OAF", "tess:OAF", "tess:YAF", "tess:YAF", "tess:OAF", "tess:YAF", "tess:OAF" })]
    [InlineData(CorpusKind.Savee, new[] { "DC_a01.wav", "JE_d02.wav", "JK_f03.wav", "KL_h04.wav", "DC_n05.wav", "JE_sa06.wav", "JK_su07.wav", "KL/a08.wav" },
        new[] { "angry", "disgust", "fear", "happy", "neutral", "sad", "surprise", "angry" }, new[] { "savee:DC", "savee:JE", "savee:JK", "savee:KL", "savee:DC", "savee:JE", "savee:JK", "savee:KL" })]
    [InlineData(CorpusKind.Folder, new[] { "angry/a.wav", "Fearful/b.wav", "happy/c.wav", "surprised/d.wav" },
        new[] { "angry", "fear", "happy", "surprise" }, new[] { "", "", "", "" })]
    public void NamingConventionsAreDetectedAndParsed(CorpusKind kind, string[] files, string[] labels, string[] speakers)
    {
        var root = SharedData.NewTempDirectory("corpus");
        foreach (var f in files) WavWriter.WriteTone(Path.Combine(root, f));
        WavWriter.WriteTone(Path.Combine(root, "README_notes.wav")); // follows no convention: ignored

        Assert.Equal(kind, Corpus.Detect(root));
        var clips = Corpus.Load(root).ToDictionary(c => Path.GetRelativePath(root, c.Path));
        Assert.Equal(files.Length, clips.Count);
        for (var i = 0; i < files.Length; i++)
        {
            var clip = clips[files[i].Replace('/', Path.DirectorySeparatorChar)];
            Assert.Equal(labels[i], clip.Emotion.ToLabel());
            Assert.Equal(speakers[i].Length == 0 ? null : speakers[i], clip.Speaker);
        }
    }

    [RequiresFact(Requirement.SharedData)]
    public void CombinedManifestRoundTripsThroughCsv()
    {
        var crema = SharedData.NewTempDirectory("crema");
        WavWriter.WriteTone(Path.Combine(crema, "1001_DFA_ANG_XX.wav"));
        WavWriter.WriteTone(Path.Combine(crema, "1002_DFA_SAD_LO.wav"));
        var combined = Corpus.LoadMany([SharedData.Ravdess, crema]);
        Assert.Equal(1202, combined.Count);

        var csv = Path.Combine(SharedData.NewTempDirectory("manifest"), "all, clips.csv");
        Corpus.WriteManifest(combined, csv);
        Assert.Equal(CorpusKind.Csv, Corpus.Detect(csv));
        var back = Corpus.Load(csv);
        Assert.Equal(combined, back);
    }

    [RequiresFact(Requirement.SharedData)]
    public void CsvManifestResolvesRelativePathsAndRejectsUnknownLabels()
    {
        var dir = SharedData.NewTempDirectory("csv");
        File.WriteAllText(Path.Combine(dir, "m.csv"), "label,path\nhappy,clips/a.wav\nSurprised,\"clips/b, c.wav\"\n");
        var clips = Corpus.Load(Path.Combine(dir, "m.csv"));
        Assert.Equal(Path.Combine(dir, "clips", "b, c.wav"), clips[1].Path);
        Assert.Equal(Emotion.Surprise, clips[1].Emotion);
        Assert.Null(clips[0].Speaker);

        File.WriteAllText(Path.Combine(dir, "bad.csv"), "path,label\na.wav,bored\n");
        var e = Assert.Throws<InvalidDataException>(() => Corpus.Load(Path.Combine(dir, "bad.csv")));
        Assert.Contains("line 2", e.Message);
        Assert.Contains("bored", e.Message);
    }

    [RequiresFact(Requirement.SharedData)]
    public void UnrecognisableFolderGivesClearError()
    {
        var dir = SharedData.NewTempDirectory("unknown");
        WavWriter.WriteTone(Path.Combine(dir, "recording-1.wav"));
        var e = Assert.Throws<InvalidDataException>(() => Corpus.Load(dir));
        Assert.Contains("CSV manifest", e.Message);
    }
}
