using SliceClientGen.Tests.Infrastructure;
using Xunit;
using static SliceClientGen.Tests.Generator.InlineDocument;

namespace SliceClientGen.Tests.Generator;

/// <summary>Values at the edges of what C# can spell: numbers no double holds, enums with thousands of values.</summary>
public sealed class ExtremeValueTests
{
    [Theory]
    [InlineData("1e400")]
    [InlineData("-1e400")]
    public void Number_default_beyond_the_range_of_double_is_left_out(string literal)
    {
        GeneratorRun run = Run(SchemasHeader + "    A:\n      type: object\n      properties:\n        x:\n          type: number\n          default: " + literal + "\n        y:\n          type: number\n          default: 2.5\n");

        Assert.Empty(run.CompilationDiagnostics);
        string converter = string.Concat(run.GeneratedSources.Values);
        Assert.DoesNotContain("Infinity", converter, StringComparison.Ordinal);
        Assert.Contains("2.5d", converter, StringComparison.Ordinal);
    }

    [Fact]
    public void Enum_with_two_thousand_values_compiles_and_knows_each_value()
    {
        string values = string.Join(", ", Enumerable.Range(0, 2000).Select(i => "v" + i));
        GeneratorRun run = Run(SchemasHeader + "    Big:\n      type: string\n      enum: [" + values + "]\n");

        Assert.Empty(run.CompilationDiagnostics);
        using LoadedAssembly loaded = run.LoadOutput();
        Type big = loaded.GetType("Contoso.Test.Big");
        Assert.True(IsKnown(big, "v0"));
        Assert.True(IsKnown(big, "v1999"));
        Assert.False(IsKnown(big, "v2000"));
    }

    private static bool IsKnown(Type type, string value) =>
        (bool)type.GetProperty("IsKnown")!.GetValue(Activator.CreateInstance(type, value))!;
}
