using System;
using System.Diagnostics;
using System.Globalization;

namespace SliceClientGen.Benchmarks;

/// <summary>
/// <c>-- --cpu-time</c>: the deserialize (1,000 × 100 list) and serialize benchmarks timed by the process's CPU time
/// instead of wall time, each method in turn within every round (so all see the same machine), the best of the rounds
/// kept. For a machine shared with other work (other builds on the same 2 cores), where BenchmarkDotNet's wall-clock
/// ratios swing by 2× between runs: CPU time only counts the time this process ran. Still affected by cache and
/// frequency sharing, so treat differences under ~10 % as noise.
/// </summary>
internal static class CpuTime
{
    public static int Run(int rounds)
    {
        var deserialize = new DeserializeListBenchmarks();
        deserialize.Setup();
        var serialize = new SerializeBenchmarks();
        serialize.Setup();
        (string Name, Action Run, int PerRound)[] methods =
        [
            ("Deserialize: STJ source generator", () => deserialize.StjSourceGen(), 5),
            ("Deserialize: SliceClientGen generated", () => deserialize.Generated(), 5),
            ("Serialize: STJ source generator (fast path)", () => serialize.StjSourceGen(), 20),
            ("Serialize: SliceClientGen generated", () => serialize.Generated(), 20),
        ];
        if (Environment.GetEnvironmentVariable("CPU_TIME_ONLY") is { } only)
        {
            // One method only (e.g. under perf stat): CPU_TIME_ONLY=3 runs the generated serializer alone.
            methods = [methods[int.Parse(only, CultureInfo.InvariantCulture)]];
        }

        if (Environment.GetEnvironmentVariable("CPU_TIME_ROUNDS") is { } count)
        {
            // Fewer rounds (e.g. under valgrind, where one round is already minutes): CPU_TIME_ROUNDS=1.
            rounds = int.Parse(count, CultureInfo.InvariantCulture);
        }

        double[] best = new double[methods.Length];
        Array.Fill(best, double.MaxValue);
        for (int round = 0; round <= rounds; round++)
        {
            for (int m = 0; m < methods.Length; m++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                TimeSpan before = Process.GetCurrentProcess().TotalProcessorTime;
                for (int i = 0; i < methods[m].PerRound; i++)
                {
                    methods[m].Run();
                }

                double perOp = (Process.GetCurrentProcess().TotalProcessorTime - before).TotalMilliseconds / methods[m].PerRound;
                if (round > 0)
                {
                    // Round 0 warms up (JIT tiers, pools).
                    best[m] = Math.Min(best[m], perOp);
                }
            }
        }

        for (int m = 0; m < methods.Length; m++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{methods[m].Name}: {best[m]:F2} ms CPU per operation (best of {rounds})"));
        }

        if (methods.Length < 4)
        {
            return 0;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Deserialize throughput vs STJ source generator: {best[0] / best[1]:F2}x"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Serialize throughput vs STJ fast path: {best[2] / best[3]:F2}x"));
        return 0;
    }
}
