using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;

namespace SliceClientGen.Benchmarks;

/// <summary>
/// The embedded API server in a child process (this program with <c>--serve-slices N --endpoints M</c>), seeded with
/// <see cref="SliceData"/> slices, so the server's own memory is not counted in the measuring process. Ends when disposed.
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>The child's managed heap after a full collection (it answers "heap" on stdin).</summary>
    public async Task<long> ManagedHeapAsync()
    {
        await _process.StandardInput.WriteLineAsync("heap");
        await _process.StandardInput.FlushAsync();
        string answer = await _process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("The server process ended.");
        return long.Parse(answer["heap ".Length..], CultureInfo.InvariantCulture);
    }

    /// <summary>The child's working set now.</summary>
    public long WorkingSet
    {
        get
        {
            _process.Refresh();
            return _process.WorkingSet64;
        }
    }

    /// <param name="slices">Slices to seed.</param>
    /// <param name="endpointsPerSlice">Endpoints of each.</param>
    /// <param name="compactionWindow">The server's <c>CompactionWindow</c>; null for its default.</param>
    public static async Task<ServerProcess> StartAsync(int slices, int endpointsPerSlice, TimeSpan? compactionWindow = null)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
        };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
        {
            start.ArgumentList.Add(typeof(ServerProcess).Assembly.Location);
        }

        start.ArgumentList.Add("--serve-slices");
        start.ArgumentList.Add(slices.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add("--endpoints");
        start.ArgumentList.Add(endpointsPerSlice.ToString(CultureInfo.InvariantCulture));
        if (compactionWindow is { } window)
        {
            start.ArgumentList.Add("--compaction-seconds");
            start.ArgumentList.Add(((int)window.TotalSeconds).ToString(CultureInfo.InvariantCulture));
        }
        Process process = Process.Start(start)!;
        string ready = await process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("The server process ended.");
        return new ServerProcess(process, new Uri(ready["READY ".Length..]));
    }

    public void Dispose()
    {
        _process.StandardInput.Close();
        if (!_process.WaitForExit(10_000))
        {
            _process.Kill();
        }

        _process.Dispose();
    }
}
