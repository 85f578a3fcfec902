using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using SliceClientGen.Tests.Infrastructure;
using Xunit;

namespace SliceClientGen.Tests.Generator;

/// <summary>The generated code as a user reads it: in IntelliSense (XML docs, completion lists) and in diagnostics.</summary>
public sealed class GeneratedCodeAsReadTests
{
    [Fact]
    public void Xml_docs_of_every_generated_symbol_render_markup_not_escaped_markup()
    {
        GeneratorRun run = GeneratorHarness.Run([Documents.EndpointSlices(), Documents.Discovery(), Documents.Constructs()]);

        var escaped = new List<string>();
        int documented = 0;
        foreach (ISymbol symbol in GeneratedSymbols(run.OutputCompilation))
        {
            string? xml = symbol.GetDocumentationCommentXml();
            if (string.IsNullOrEmpty(xml))
            {
                continue;
            }

            documented++;
            // Markup the emitter writes (<c>, <see>, <paramref>) must reach the XML as elements, not as text.
            if (xml.Contains("&lt;c&gt;", System.StringComparison.Ordinal) || xml.Contains("&lt;see", System.StringComparison.Ordinal)
                || xml.Contains("&lt;paramref", System.StringComparison.Ordinal))
            {
                escaped.Add(symbol.ToDisplayString() + ": " + xml);
            }
        }

        Assert.True(documented > 100, "Expected the generated symbols to be documented; found " + documented + ".");
        Assert.Empty(escaped);
    }

    [Fact]
    public void No_generated_member_named_with_two_underscores_is_accessible_from_user_code()
    {
        GeneratorRun run = GeneratorHarness.Run(
            [Documents.EndpointSlices(), Documents.Discovery(), Documents.Constructs()],
            sources: ["namespace User; public static class Code { }"]);
        Compilation compilation = run.OutputCompilation;
        INamedTypeSymbol user = compilation.GetTypeByMetadataName("User.Code")!;

        var visible = new List<string>();
        int members = 0;
        foreach (ISymbol symbol in GeneratedSymbols(compilation))
        {
            members++;
            // Accessors are named after their property (get__2faEnabled for a JSON name "2faEnabled"): the property is checked.
            bool accessor = symbol is IMethodSymbol { AssociatedSymbol: not null };
            if (!accessor && symbol.Name.Contains("__", System.StringComparison.Ordinal) && compilation.IsSymbolAccessibleWithin(symbol, user))
            {
                visible.Add(symbol.ToDisplayString());
            }
        }

        Assert.True(members > 100, "Expected generated symbols; found " + members + ".");
        Assert.Empty(visible);
    }

    [Fact]
    public void Model_converter_and_enum_files_have_no_unused_usings()
    {
        GeneratorRun run = GeneratorHarness.Run(
            [Documents.EndpointSlices(), Documents.Discovery(), Documents.Constructs()],
            sources: ["using System.Text;\nnamespace User;\npublic static class Code { }"]);

        // CS8019 (unnecessary using directive) is a hidden diagnostic: the compiler reports it, the build does not show it.
        ImmutableArray<Diagnostic> diagnostics = run.OutputCompilation.GetDiagnostics();
        Assert.Contains(diagnostics, d => d.Id == "CS8019" && d.Location.SourceTree?.FilePath == "Source0.cs");
        string[] unused = diagnostics
            .Where(d => d.Id == "CS8019" && d.Location.SourceTree?.FilePath is { } path && IsModelFile(run, path))
            .Select(d => d.Location.SourceTree!.FilePath + ": " + d.Location.SourceTree.GetText().ToString(d.Location.SourceSpan))
            .Distinct()
            .ToArray();

        Assert.Empty(unused);
    }

    [Fact]
    public void A_schema_with_a_hundred_properties_generates_without_a_diagnostic()
    {
        string properties = string.Concat(Enumerable.Range(0, 100).Select(i => "        p" + i + ":\n          type: string\n"));
        string yaml = "openapi: 3.0.3\ninfo:\n  title: Wide\n  version: '1'\npaths: {}\ncomponents:\n  schemas:\n    Wide:\n      type: object\n      properties:\n" + properties;

        GeneratorRun run = GeneratorHarness.Run([Documents.Inline("wide.yml", yaml)]);

        run.AssertNoDiagnostics();
        Assert.Contains("public string? P99", run.GeneratedSources["Contoso.Test.WideClient.Wide.g.cs"], System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Name", "an empty string")]
    [InlineData("Url", "<see langword=\"null\"/>")]
    [InlineData("Count", "its type's default value")]
    [InlineData("Tags", "an empty collection")]
    public void The_remarks_of_a_required_property_say_what_it_reads_as_when_the_json_lacks_it(string property, string readsAs)
    {
        const string yaml = """
            openapi: 3.0.3
            info: { title: Required, version: '1' }
            paths: {}
            components:
              schemas:
                License:
                  type: object
                  required: [name, url, count, tags]
                  properties:
                    name: { type: string }
                    url: { type: string, nullable: true }
                    count: { type: integer, format: int32 }
                    tags: { type: array, items: { type: string } }
            """;

        GeneratorRun run = GeneratorHarness.Run([Documents.Inline("required.yml", yaml)]);

        INamedTypeSymbol license = run.OutputCompilation.GetTypeByMetadataName("Contoso.Test.License")!;
        string xml = license.GetMembers(property).Single().GetDocumentationCommentXml()!;
        Assert.Contains("reading JSON without it does not fail and the property then reads as " + readsAs + ".", xml, System.StringComparison.Ordinal);
    }

    [Fact]
    public void A_deprecated_schema_warns_where_the_users_code_names_it_and_nowhere_in_the_generated_code()
    {
        const string yaml = """
            openapi: 3.0.3
            info: { title: Legacy, version: '1' }
            paths: {}
            components:
              schemas:
                OldError:
                  type: object
                  deprecated: true
                  properties:
                    code: { type: integer, format: int32 }
                Response:
                  type: object
                  properties:
                    error: { $ref: '#/components/schemas/OldError' }
            """;

        GeneratorRun run = GeneratorHarness.Run(
            [Documents.Inline("legacy.yml", yaml)],
            sources: ["namespace User; public static class Code { public static object Make() => new Contoso.Test.OldError(); }"]);

        var obsolete = run.OutputCompilation.GetDiagnostics().Where(d => d.Id is "CS0612" or "CS0618").ToList();
        Assert.NotEmpty(obsolete);
        Assert.All(obsolete, d => Assert.DoesNotContain(".g.cs", d.Location.SourceTree?.FilePath ?? string.Empty, System.StringComparison.Ordinal));
    }

    /// <summary>A generated file of a model, its converter or an enum (they declare or attach a JsonConverter), not the client's.</summary>
    private static bool IsModelFile(GeneratorRun run, string path) =>
        run.Result.GeneratedSources.Any(source => source.HintName == System.IO.Path.GetFileName(path)
            && (source.SourceText.ToString().Contains("[JsonConverter(typeof(", System.StringComparison.Ordinal)
                || source.SourceText.ToString().Contains("JsonConverter<", System.StringComparison.Ordinal)));

    /// <summary>Every type declared in generated source (not the user's), and every member of those types.</summary>
    private static IEnumerable<ISymbol> GeneratedSymbols(Compilation compilation)
    {
        var types = new Stack<INamespaceOrTypeSymbol>();
        types.Push(compilation.Assembly.GlobalNamespace);
        while (types.Count > 0)
        {
            INamespaceOrTypeSymbol container = types.Pop();
            foreach (ISymbol member in container.GetMembers())
            {
                if (member is INamespaceSymbol ns)
                {
                    types.Push(ns);
                    continue;
                }

                if (!member.Locations.Any(l => l.SourceTree?.FilePath.EndsWith(".g.cs", System.StringComparison.Ordinal) == true))
                {
                    continue;
                }

                yield return member;
                if (member is INamedTypeSymbol type)
                {
                    types.Push(type);
                }
            }
        }
    }
}
