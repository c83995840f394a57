using System.Diagnostics;
using System.Net.WebSockets;
using System.Threading.Channels;
using EmotionRecognition.WebDemo.Hosting;

namespace EmotionRecognition.WebDemo.Live;

/// <summary>
/// One live session. A receiver reads and checks frames and queues them in a bounded channel; a classifier task drains the
/// channel into an <see cref="LiveClassifier"/> (which resamples from the client's rate) and sends every completed window.
/// A client ahead of the wall clock by more than <see cref="WebDemoOptions.MaxAheadSeconds"/>, or one whose frames pile up
/// past <see cref="WebDemoOptions.QueueCapacity"/>, is closed with a message rather than buffered without bound.
/// </summary>
internal sealed class LiveSession(LiveSocket socket, EmotionClassifier classifier, WebDemoOptions options, ILogger logger)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(30);

    public async Task RunAsync(CancellationToken aborted)
    {
        try
        {
            if (await ReceiveFormatAsync(aborted) is { } format)
            {
                await socket.SendAsync(new { type = "ready", format.SampleRate, options.WindowSeconds, options.HopSeconds }, aborted);
                await StreamAsync(format, aborted);
            }
            await socket.AcknowledgeCloseAsync();
        }
        catch (LiveProtocolException e)
        {
            LiveLog.Closed(logger, e.Message);
            await socket.CloseAsync(e.Status == WebSocketCloseStatus.NormalClosure ? "end" : "error", e.Message, e.Status);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            LiveLog.EndedByClient(logger, e.Message);
        }
    }

    /// <summary>The client's format, or null when it hung up before saying.</summary>
    private async Task<LiveFormat?> ReceiveFormatAsync(CancellationToken aborted)
    {
        if (await ReceiveWithin(StartTimeout, aborted) is not { } message) return null;
        if (message.Type != WebSocketMessageType.Text) throw new LiveProtocolException(LiveFormat.Expected);
        return LiveFormat.Parse(message.Bytes.Span);
    }

    private async Task StreamAsync(LiveFormat format, CancellationToken aborted)
    {
        var queue = Channel.CreateBounded<PcmFrame>(new BoundedChannelOptions(options.QueueCapacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        var classify = ClassifyAsync(queue.Reader, format, stop.Token);
        try
        {
            await ReceiveFramesAsync(queue.Writer, format, stop.Token);
        }
        catch (Exception e) when (e is not LiveProtocolException { Status: WebSocketCloseStatus.NormalClosure })
        {
            // A broken session stops classifying at once; one that reached its audio limit first sends what it has heard.
            await stop.CancelAsync();
            throw;
        }
        finally
        {
            queue.Writer.TryComplete();
            await EndQuietly(classify);
            while (queue.Reader.TryRead(out var left)) left.Dispose();
        }
    }

    private async Task ReceiveFramesAsync(ChannelWriter<PcmFrame> queue, LiveFormat format, CancellationToken cancellationToken)
    {
        var pace = new RealTimePace(options.MaxAheadSeconds, options.MaxSessionSeconds);
        while (await ReceiveWithin(IdleTimeout, cancellationToken) is { } message)
        {
            if (message.Type != WebSocketMessageType.Binary)
                throw new LiveProtocolException("After the start message only binary PCM frames are expected.", WebSocketCloseStatus.InvalidMessageType);
            var frame = PcmFrame.Decode(message.Bytes.Span, format);
            try
            {
                pace.Add(frame.Count / (double)format.SampleRate);
            }
            catch
            {
                frame.Dispose();
                throw;
            }
            if (!queue.TryWrite(frame))
            {
                frame.Dispose();
                throw new LiveProtocolException("The server is behind on this session's audio; please try again later.", WebSocketCloseStatus.EndpointUnavailable);
            }
        }
    }

    private async Task ClassifyAsync(ChannelReader<PcmFrame> queue, LiveFormat format, CancellationToken cancellationToken)
    {
        var stream = classifier.CreateLiveClassifier(format.SampleRate, options.Window, options.Hop);
        await foreach (var frame in queue.ReadAllAsync(cancellationToken).WithCancellation(cancellationToken))
        {
            IReadOnlyList<EmotionSegment> segments;
            using (frame) segments = stream.Write(frame.Samples);
            foreach (var segment in segments)
                await socket.SendAsync(new { type = "window", window = WindowJson.From(segment) }, cancellationToken);
        }
    }

    // The classifier stops when the receiver does; a client that vanished mid-send is no error of the session's.
    private async Task EndQuietly(Task classify)
    {
        try
        {
            await classify;
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            LiveLog.ClassificationStopped(logger, e.Message);
        }
    }

    private async Task<(WebSocketMessageType Type, ReadOnlyMemory<byte> Bytes)?> ReceiveWithin(TimeSpan limit, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        try
        {
            return await socket.ReceiveAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException($"no message for {limit.TotalSeconds:0} s");
        }
    }

    /// <summary>Counts the audio a client has sent against the wall clock since its start message, and against the session cap.</summary>
    /// <remarks>The clock starts before any audio is read, so frames that waited in the socket while the server was busy never
    /// make an honest client look fast.</remarks>
    private sealed class RealTimePace(double maxAheadSeconds, double maxSessionSeconds)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private double _seconds;

        public void Add(double seconds)
        {
            _seconds += seconds;
            if (_seconds > maxSessionSeconds)
                throw new LiveProtocolException(
                    $"This session reached its limit of {maxSessionSeconds:0} s of audio; press Listen to start again.", WebSocketCloseStatus.NormalClosure);
            if (_seconds > _clock.Elapsed.TotalSeconds + maxAheadSeconds)
                throw new LiveProtocolException(
                    $"Audio is arriving faster than real time ({_seconds:0.0} s of audio in {_clock.Elapsed.TotalSeconds:0.0} s); live sessions take microphone audio as it is spoken.");
        }
    }
}
