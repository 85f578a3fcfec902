using System;
using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace SliceClientGen.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/SliceClientGen.Benchmarks</c>: the short set (every benchmark,
/// few iterations, under 5 minutes on 2 cores). <c>-- --full</c>: BenchmarkDotNet's default accuracy.
/// <c>-- --verify</c>: checks the payloads and the round trip. <c>-- --watch-load [seconds]</c>: 200 watchers, 500 changes/s, paged lists (30 s). <c>-- --build-overhead</c>: <c>dotnet build</c> time of a project with and without the generator. <c>-- --string-census</c>: how one read of the list shares repeated strings.
/// Other arguments (<c>--filter *Watch*</c>, <c>--list flat</c>, …) go to BenchmarkDotNet.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var rest = new List<string>(args);
        bool full = rest.Remove("--full");
        if (rest.Remove("--verify"))
        {
            return Verify.Run();
        }

        if (rest.Remove("--cpu-time"))
        {
            return CpuTime.Run(full ? 20 : 8);
        }

        if (rest.Remove("--string-census"))
        {
            return StringCensus.Run();
        }

        if (rest.Remove("--paging-memory"))
        {
            return PagingMemory.RunAsync().GetAwaiter().GetResult();
        }

        if (rest.IndexOf("--informer-memory-one") is int one and >= 0)
        {
            return InformerMemory.RunOneAsync(rest[one + 1], new Uri(rest[one + 2])).GetAwaiter().GetResult();
        }

        if (rest.Remove("--informer-memory"))
        {
            return InformerMemory.RunAsync().GetAwaiter().GetResult();
        }

        if (rest.IndexOf("--serve-slices") is int serve and >= 0)
        {
            return PagingMemory.ServeAsync(
                int.Parse(rest[serve + 1], System.Globalization.CultureInfo.InvariantCulture),
                rest.IndexOf("--endpoints") is int e and >= 0 ? int.Parse(rest[e + 1], System.Globalization.CultureInfo.InvariantCulture) : 10,
                rest.IndexOf("--compaction-seconds") is int c and >= 0 ? TimeSpan.FromSeconds(int.Parse(rest[c + 1], System.Globalization.CultureInfo.InvariantCulture)) : null).GetAwaiter().GetResult();
        }

        if (rest.IndexOf("--watch-load") is int load and >= 0)
        {
            int seconds = load + 1 < rest.Count && int.TryParse(rest[load + 1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int s) ? s : 30;
            return WatchLoadBenchmark.RunAsync(TimeSpan.FromSeconds(seconds)).GetAwaiter().GetResult();
        }

        if (rest.Remove("--build-overhead"))
        {
            return BuildOverhead.Run(full ? 5 : 3);
        }

        if (!rest.Any(a => a is "--filter" or "-f" or "--list" or "--help" or "-h" or "--version"))
        {
            rest.Add("--filter");
            rest.Add("*");
        }

        // In-process: no per-benchmark project generation and build (which alone would take the 5 minutes).
        Job job = full
            ? Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithId("Full")
            : Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithId("Short")
                .WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(5)
                .WithIterationTime(TimeInterval.FromMilliseconds(250));

        IConfig config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddColumn(RankColumn.Arabic)
            .AddLogger(ConsoleLogger.Default)
            .AddExporter(MarkdownExporter.GitHub)
            .WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(RatioStyle.Trend))
            .WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared))
            .WithOptions(ConfigOptions.DisableLogFile);

        Summary[] summaries = BenchmarkSwitcher.FromTypes(
            [
                typeof(DeserializeListBenchmarks),
                typeof(DeserializeSliceBenchmarks),
                typeof(DeserializeStreamBenchmarks),
                typeof(SerializeBenchmarks),
                typeof(WatchBenchmarks),
                typeof(GeneratorBenchmarks),
                typeof(InformerEventBenchmarks),
                typeof(ServiceViewBenchmarks),
                // Item 4 (paging memory) plugs in here: see PagingMemory.cs.
            ]).Run([.. rest], config).ToArray();
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
