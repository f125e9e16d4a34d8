using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Studio.Bench.Circuits;

/// <summary>
/// <c>Studio.Bench serve</c> started as a child process, so that its CPU time and resident
/// memory are its own (read from <c>/proc/PID</c>). It stops when its standard input closes, so
/// it goes with the bench whatever way the bench ends.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _log = [];

    private ServerProcess(Process process, Uri baseUri)
    {
        _process = process;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }
    public int Pid => _process.Id;
    public IReadOnlyList<string> Log { get { lock (_log) return [.. _log]; } }

    public static async Task<ServerProcess> StartAsync(IReadOnlyList<string> serveArgs, TimeSpan timeout, CancellationToken ct)
    {
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (!Path.GetFileNameWithoutExtension(start.FileName).Equals("Studio.Bench", StringComparison.Ordinal))
            start.ArgumentList.Add(typeof(ServerProcess).Assembly.Location); // run as `dotnet Studio.Bench.dll`
        foreach (var a in (string[])["serve", "--url", url, .. serveArgs]) start.ArgumentList.Add(a);
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the bench server.");
        var server = new ServerProcess(process, new Uri(url + "/"));
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            server.Add(e.Data);
            if (e.Data.StartsWith("serving ", StringComparison.Ordinal)) ready.TrySetResult();
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) server.Add(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException(
            "The bench server exited:\n" + string.Join('\n', server.Log.TakeLast(30))));
        try { await ready.Task.WaitAsync(timeout, ct); }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    private void Add(string line)
    {
        lock (_log) _log.Add(line);
    }

    /// <summary>Resident memory now (VmRSS), in KB.</summary>
    public long RssKb() => ProcReader.RssKb(Pid);

    /// <summary>CPU time used so far (user + system), in milliseconds.</summary>
    public double CpuMs() => ProcReader.CpuMs(Pid);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.Close();
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                try { await _process.WaitForExitAsync(wait.Token); }
                catch (OperationCanceledException) { _process.Kill(); }
            }
        }
        catch (InvalidOperationException) { /* never started */ }
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A Linux process's memory and CPU from /proc.</summary>
public static class ProcReader
{
    private const double TicksPerSecond = 100; // USER_HZ, 100 on Linux

    public static long RssKb(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return 0;
    }

    public static double CpuMs(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' '); // fields from the 3rd (state) on
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture); // utime, stime
        return ticks * 1000 / TicksPerSecond;
    }
}
