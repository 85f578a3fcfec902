using System.Diagnostics;
using System.Text;
using SliceClientGen.Sample.Tests.Infrastructure;
using Xunit;

namespace SliceClientGen.Sample.Tests;

/// <summary>A test that needs clang, the native linker of a Native AOT publish; skipped (saying why) without it.</summary>
public sealed class NativeAotFactAttribute : FactAttribute
{
    public NativeAotFactAttribute()
    {
        if (!OperatingSystem.IsLinux() || NativeAotPublish.FindOnPath("clang") is null)
        {
            Skip = "Native AOT needs clang and zlib (apt-get install -y clang zlib1g-dev).";
        }
    }
}

/// <summary>
/// One Native AOT publish of the sample (`dotnet publish samples/SliceExplorer -c Release -r linux-x64`) into an
/// artifacts folder of its own, so it shares no obj/ or bin/ with other builds running at the same time.
/// </summary>
public sealed class NativeAotPublish : IAsyncLifetime
{
    private string? _artifacts;

    public int ExitCode { get; private set; } = -1;

    public string Log { get; private set; } = string.Empty;

    public string? Binary { get; private set; }

    public async Task InitializeAsync()
    {
        if (FindOnPath("clang") is null || !OperatingSystem.IsLinux())
        {
            return;
        }

        _artifacts = Directory.CreateTempSubdirectory("sliceexplorer-aot-").FullName;
        string project = Path.Combine(RepositoryRoot(), "samples", "SliceExplorer", "SliceExplorer.csproj");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (string arg in new[] { "publish", project, "-c", "Release", "-r", "linux-x64", "--artifacts-path", _artifacts, "-nologo", "-clp:NoSummary" })
        {
            start.ArgumentList.Add(arg);
        }

        // The parent `dotnet test` passes MSBuild settings that would make this a node of its build.
        foreach (string name in start.Environment.Keys.Where(name => name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        ExitCode = process.ExitCode;
        Log = await output + await error;
        Binary = Directory.EnumerateFiles(Path.Combine(_artifacts, "publish"), "SliceExplorer", SearchOption.AllDirectories).FirstOrDefault();
    }

    public Task DisposeAsync()
    {
        if (_artifacts is not null)
        {
            Directory.Delete(_artifacts, recursive: true);
        }

        return Task.CompletedTask;
    }

    public static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists);

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SliceClientGen.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("SliceClientGen.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>Issue 7: the sample publishes with Native AOT with no trim or AOT warning, and the binary runs the scenario.</summary>
public sealed class NativeAotTests : IClassFixture<NativeAotPublish>
{
    private readonly NativeAotPublish _publish;

    public NativeAotTests(NativeAotPublish publish) => _publish = publish;

    [NativeAotFact]
    public void The_sample_publishes_natively_without_a_single_warning()
    {
        List<string> warnings = _publish.Log.Split('\n').Where(line => line.Contains(": warning ", StringComparison.Ordinal)).Distinct().ToList();

        Assert.True(_publish.ExitCode == 0, _publish.Log);
        Assert.True(warnings.Count == 0, string.Join("\n", warnings));
        Assert.NotNull(_publish.Binary);
    }

    [NativeAotFact]
    public async Task The_native_binary_runs_the_whole_scenario_and_exits_0()
    {
        Assert.True(_publish.Binary is not null, _publish.Log);
        var start = new ProcessStartInfo(_publish.Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add("--watch-seconds");
        start.ArgumentList.Add("2");

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        var run = new SampleOutput(process.ExitCode, await output, await error);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches(@"^Summary: 40 slices, 2096 endpoints, 20 services, [1-9]\d* events seen", run.Lines.Last(line => line.Length > 0));
        Assert.Contains(run.Lines, line => line.Contains("Status 422 Invalid", StringComparison.Ordinal));
    }
}
