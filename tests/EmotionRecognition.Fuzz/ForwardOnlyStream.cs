namespace EmotionRecognition.Fuzz;

/// <summary>A read-only, non-seekable view of bytes, like a network or pipe stream.</summary>
internal sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes, writable: false)
{
    public override bool CanSeek => false;
}
