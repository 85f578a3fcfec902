using SliceClientGen.Tests.Infrastructure;
using Xunit;
using static SliceClientGen.Tests.Generator.InlineDocument;

namespace SliceClientGen.Tests.Generator;

/// <summary>
/// Names in the document that equal a member every object has, a member the generated code declares, a framework or
/// runtime type it uses, or an argument it adds: each is renamed where it would capture or hide the other, and the
/// generated code compiles without a warning.
/// </summary>
public sealed class NameCaptureTests
{
    [Theory]
    [InlineData("ToString")]
    [InlineData("AdditionalProperties")]
    [InlineData("MemberwiseClone")]
    [InlineData("GetHashCode")]
    [InlineData("Equals")]
    [InlineData("GetType")]
    [InlineData("ReferenceEquals")]
    [InlineData("Finalize")]
    [InlineData("JsonModelReader")]
    [InlineData("JsonModelWriter")]
    [InlineData("JsonConverter")]
    [InlineData("EditorBrowsableState")]
    [InlineData("EditorBrowsable")]
    [InlineData("GeneratedCode")]
    [InlineData("JsonElement")]
    [InlineData("JsonSerializer")]
    [InlineData("Utf8JsonReader")]
    [InlineData("IEquatable")]
    [InlineData("HashCode")]
    [InlineData("JsonModelEquality")]
    [InlineData("Task")]
    [InlineData("CancellationToken")]
    [InlineData("System")]
    [InlineData("Shape")]
    public void Schema_and_property_with_a_captured_name_compile(string name)
    {
        GeneratorRun run = Run(Start + GetThingReturning(name) + $$"""
            components:
              schemas:
                {{name}}:
                  type: object
                  properties:
                    {{name}}: { type: string }
                    next: { $ref: '#/components/schemas/{{name}}' }
                Holder:
                  type: object
                  properties:
                    {{name}}: { $ref: '#/components/schemas/{{name}}' }
                    many:
                      type: array
                      items: { $ref: '#/components/schemas/{{name}}' }
                    byKey:
                      type: object
                      additionalProperties: { $ref: '#/components/schemas/{{name}}' }
                    kind: { type: string, enum: [a, b] }
            """);

        AssertCompiles(run);
    }

    [Theory]
    [InlineData("IsKnown")]
    [InlineData("Value")]
    [InlineData("ToString")]
    [InlineData("Equals")]
    [InlineData("GetHashCode")]
    [InlineData("JsonConverter")]
    [InlineData("Color")]
    [InlineData("EditorBrowsableState")]
    [InlineData("JsonModelReader")]
    public void Enum_value_with_a_captured_name_compiles(string value) =>
        AssertCompiles(Run(SchemasHeader + "    Color:\n      type: string\n      enum: [" + value + ", red, isKnown]\n"));

    [Theory]
    [InlineData("pagingOptions")]
    [InlineData("pageSize")]
    [InlineData("watchOptions")]
    [InlineData("cancellationToken")]
    [InlineData("streamingOptions")]
    [InlineData("request")]
    [InlineData("continueToken")]
    [InlineData("options")]
    public void List_parameter_with_the_name_of_a_generated_argument_compiles(string parameter) =>
        AssertCompiles(Run(Start + $$"""
            paths:
              /pets:
                get:
                  operationId: listPets
                  parameters:
                    - { name: {{parameter}}, in: query, schema: { type: string } }
                    - { name: limit, in: query, schema: { type: integer } }
                    - { name: continue, in: query, schema: { type: string } }
                    - { name: watch, in: query, schema: { type: boolean } }
                    - { name: resourceVersion, in: query, schema: { type: string } }
                    - { name: timeoutSeconds, in: query, schema: { type: integer } }
                    - { name: allowWatchBookmarks, in: query, schema: { type: boolean } }
                  responses:
                    '200':
                      description: The pets
                      content:
                        application/json:
                          schema: { $ref: '#/components/schemas/PetList' }

            """ + Documents.PetComponents));

    [Theory]
    [InlineData("Api")]
    [InlineData("Http")]
    [InlineData("HttpClient")]
    [InlineData("ApiClient")]
    [InlineData("Object")]
    [InlineData("System")]
    [InlineData("Task")]
    public void Title_that_yields_a_framework_class_name_compiles(string title) =>
        AssertCompiles(Run(Start.Replace("title: T", "title: " + title, StringComparison.Ordinal) + GetThingReturning("Thing") + """
            components:
              schemas:
                Thing:
                  type: object
                  properties:
                    name: { type: string }
            """));

    [Theory]
    [InlineData("\\u0085")]
    [InlineData("\\u2028")]
    [InlineData("\\n")]
    public void Property_key_with_a_line_terminator_stays_inside_the_header_comment(string terminator)
    {
        // The key is part of the pointer each inline type's header names (found by the mutation test).
        GeneratorRun run = Run(SchemasHeader + "    Pet:\n      type: object\n      properties:\n        \"z" + terminator + "#region\":\n          type: object\n          properties:\n            a: { type: string }\n");

        AssertCompiles(run);
    }

    /// <summary>The paths of a document with one operation, getThing, that answers the component <paramref name="schema"/>.</summary>
    private static string GetThingReturning(string schema) => $$"""
        paths:
          /things:
            get:
              operationId: getThing
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema: { $ref: '#/components/schemas/{{schema}}' }

        """;

    private static void AssertCompiles(GeneratorRun run)
    {
        Assert.Null(run.Result.Exception);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
        Assert.NotEmpty(run.GeneratedSources);
        Assert.True(run.CompilationDiagnostics.IsEmpty, GeneratorHarness.Format(run.CompilationDiagnostics));
    }
}
