using System;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using SliceClientGen.Runtime.Serialization;
using Xunit;

namespace SliceClientGen.Tests.Infrastructure;

public sealed class GeneratorHarnessTests
{
    private const string ProbeSource = """
        namespace Probe;

        public static class RuntimeProbe
        {
            public static System.Type ReaderType => typeof(SliceClientGen.Runtime.Serialization.JsonModelReader);

            public static string Serialize(int[] values) => System.Text.Json.JsonSerializer.Serialize(values);
        }
        """;

    [Fact]
    public void CreateCompilation_compiles_code_using_System_Text_Json_and_the_runtime_cleanly()
    {
        var compilation = GeneratorHarness.CreateCompilation([ProbeSource]);

        Diagnostic[] problems = [.. compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning)];

        Assert.True(problems.Length == 0, GeneratorHarness.Format(problems));
    }

    [Fact]
    public void Load_resolves_the_runtime_to_the_assembly_the_test_process_loaded()
    {
        using LoadedAssembly loaded = GeneratorHarness.Load(GeneratorHarness.CreateCompilation([ProbeSource]));

        object? readerType = loaded.GetType("Probe.RuntimeProbe")
            .GetProperty("ReaderType", BindingFlags.Public | BindingFlags.Static)!
            .GetValue(null);

        Assert.Same(typeof(JsonModelReader), readerType);
    }

    [Fact]
    public void Load_reports_compilation_errors()
    {
        var compilation = GeneratorHarness.CreateCompilation(["public class Broken { int x = \"not an int\"; }"]);

        InvalidOperationException exception = Assert.Throws<InvalidOperationException>(() => GeneratorHarness.Load(compilation));

        Assert.Contains("CS0029", exception.Message, StringComparison.Ordinal);
    }
}
