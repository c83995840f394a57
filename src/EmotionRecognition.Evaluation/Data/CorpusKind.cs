namespace EmotionRecognition.Data;

/// <summary>How a corpus encodes labels and speakers.</summary>
public enum CorpusKind
{
    /// <summary>Decide from the file names (the kind most files match), or <see cref="Csv"/> for a <c>.csv</c> path.</summary>
    Auto,

    /// <summary>RAVDESS: <c>03-01-05-02-01-01-07.wav</c> (emotion is the third field, actor the seventh).</summary>
    Ravdess,

    /// <summary>CREMA-D: <c>1001_DFA_ANG_XX.wav</c> (actor, sentence, emotion, intensity).</summary>
    CremaD,

    /// <summary>TESS: <c>OAF_back_angry.wav</c> (speaker, word, emotion; <c>ps</c> is pleasant surprise).</summary>
    Tess,

    /// <summary>SAVEE: <c>DC_a01.wav</c> or <c>DC/a01.wav</c> (speaker, emotion code a, d, f, h, n, sa, su).</summary>
    Savee,

    /// <summary>One folder per label: <c>root/angry/*.wav</c>. Speakers are unknown.</summary>
    Folder,

    /// <summary>A CSV manifest with a header naming <c>path</c>, <c>label</c> and optionally <c>speaker</c> columns.</summary>
    Csv,
}
