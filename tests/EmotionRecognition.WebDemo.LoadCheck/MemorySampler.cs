namespace EmotionRecognition.WebDemo.LoadCheck;

/// <summary>Reads the server's resident memory every 250 ms and keeps the peak.</summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task<double> _sampling;

    public MemorySampler(DemoProcess server) => _sampling = SampleAsync(server, _stop.Token);

    public double Stop()
    {
        _stop.Cancel();
        return _sampling.GetAwaiter().GetResult();
    }

    public void Dispose() => _stop.Dispose();

    private static async Task<double> SampleAsync(DemoProcess server, CancellationToken stop)
    {
        var peak = 0.0;
        while (!stop.IsCancellationRequested)
        {
            peak = Math.Max(peak, server.ResidentMegabytes());
            try
            {
                await Task.Delay(250, stop);
            }
            catch (OperationCanceledException)
            {
            }
        }
        return Math.Max(peak, server.ResidentMegabytes());
    }
}
