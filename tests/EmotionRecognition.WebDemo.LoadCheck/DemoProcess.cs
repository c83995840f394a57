using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using EmotionRecognition.TestData;

namespace EmotionRecognition.WebDemo.LoadCheck;

/// <summary>The demo's built assembly running as a child process on a free loopback port.</summary>
internal sealed class DemoProcess : IDisposable
{
    private readonly Process _process;

    private DemoProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public Uri LiveAddress => new UriBuilder(Address) { Scheme = "ws", Path = "/live" }.Uri;

    public static async Task<DemoProcess> StartAsync(int maxSessions)
    {
        var dll = Path.Combine(SharedData.Root, "samples", "WebDemo", "bin", "Release", "net10.0", "WebDemo.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException("Build the demo first (dotnet build samples/WebDemo -c Release).", dll);
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { dll, "--urls", address.ToString(), $"--WebDemo:MaxLiveSessions={maxSessions}", "--Logging:LogLevel:Default=Warning" })
            start.ArgumentList.Add(a);
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("demo: " + e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("demo: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var demo = new DemoProcess(process, address);
        await demo.WaitUntilServingAsync();
        return demo;
    }

    /// <summary>The process's resident set size (VmRSS), in MB.</summary>
    public double ResidentMegabytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
    }

    /// <summary>CPU time the process has used (user + system), in seconds.</summary>
    public double CpuSeconds()
    {
        _process.Refresh();
        return _process.TotalProcessorTime.TotalSeconds;
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill();
        _process.WaitForExit();
        _process.Dispose();
    }

    private async Task WaitUntilServingAsync()
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        for (var attempt = 0; attempt < 120; attempt++)
        {
            if (_process.HasExited) throw new InvalidOperationException($"the demo exited with {_process.ExitCode}");
            try
            {
                if ((await http.GetAsync("/api/config")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(250);
        }
        throw new TimeoutException("the demo did not answer within 30 s");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
