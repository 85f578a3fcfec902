using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;

namespace SliceClientGen.Benchmarks;

/// <summary>
/// Issue 7 item 5, build part: <c>dotnet build</c> of a small library with the generator (one OpenApiClient item,
/// the EndpointSlice document) and of the same library without it (the runtime referenced either way), after a
/// one-line edit of its only source file, so the compiler runs each time and the difference is the generator.
/// </summary>
public static class BuildOverhead
{
    public static int Run(int builds)
    {
        string root = Path.Combine(RepoPaths.Root, "benchmarks", "SliceClientGen.Benchmarks", "obj", "build-overhead");
        string with = Create(root, "WithGenerator", generator: true);
        string without = Create(root, "WithoutGenerator", generator: false);
        Console.WriteLine("Restoring and building both projects once (generator, runtime, warm compiler server)...");
        foreach (string project in new[] { with, without })
        {
            if (Dotnet("build -c Release -nologo -v:q \"" + project + "\"") is { ExitCode: not 0 } failed)
            {
                Console.WriteLine(failed.Output);
                return 1;
            }
        }

        double[] withTimes = new double[builds];
        double[] withoutTimes = new double[builds];
        for (int i = 0; i < builds; i++)
        {
            // Interleaved, so drift in machine load hits both alike.
            withoutTimes[i] = TimedBuild(without, i);
            withTimes[i] = TimedBuild(with, i);
        }

        double a = Median(withoutTimes);
        double b = Median(withTimes);
        Console.WriteLine();
        Console.WriteLine("| Project (dotnet build after a one-line edit, " + builds + " builds, median) | Time | Ratio |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| Without the generator | {a:F2} s | 1.00 |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| With the generator (EndpointSlice document) | {b:F2} s | {b / a:F2} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Generator overhead: {b - a:F2} s per build."));
        return 0;
    }

    private static double TimedBuild(string project, int i)
    {
        string source = Path.Combine(Path.GetDirectoryName(project)!, "Library.cs");
        File.WriteAllText(source, "namespace Overhead; public static class Library { public static int Edit => " + i.ToString(CultureInfo.InvariantCulture) + "; }\n");
        var watch = Stopwatch.StartNew();
        (int exit, string output) = Dotnet("build -c Release -nologo -v:q --no-restore \"" + project + "\"");
        watch.Stop();
        if (exit != 0)
        {
            throw new InvalidOperationException("dotnet build failed: " + output);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {Path.GetFileNameWithoutExtension(project)}: {watch.Elapsed.TotalSeconds:F2} s"));
        return watch.Elapsed.TotalSeconds;
    }

    private static string Create(string root, string name, bool generator)
    {
        string directory = Path.Combine(root, name);
        Directory.CreateDirectory(directory);
        string project = Path.Combine(directory, name + ".csproj");
        string items = generator
            ? "  <PropertyGroup><UseSliceClientGenFromSource>true</UseSliceClientGenFromSource></PropertyGroup>\n"
              + "  <ItemGroup><OpenApiClient Include=\"$(RepoRoot)openapi/kubernetes-endpoint-slices-openapi.yml\" Namespace=\"Overhead.Kube\" ClassName=\"EndpointSlicesClient\" /></ItemGroup>\n"
            : "  <ItemGroup><ProjectReference Include=\"$(RepoRoot)runtime/SliceClientGen.Runtime/SliceClientGen.Runtime.csproj\" /></ItemGroup>\n";
        File.WriteAllText(project,
            "<Project Sdk=\"Microsoft.NET.Sdk\">\n"
            + "  <PropertyGroup><TargetFramework>net10.0</TargetFramework><EmitCompilerGeneratedFiles>false</EmitCompilerGeneratedFiles></PropertyGroup>\n"
            + items
            + "</Project>\n");
        File.WriteAllText(Path.Combine(directory, "Library.cs"), "namespace Overhead; public static class Library { public static int Edit => -1; }\n");
        return project;
    }

    private static (int ExitCode, string Output) Dotnet(string arguments)
    {
        var info = new ProcessStartInfo("dotnet", arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using Process process = Process.Start(info)!;
        string output = process.StandardOutput.ReadToEndAsync().Result + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }

    private static double Median(double[] values)
    {
        double[] sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
