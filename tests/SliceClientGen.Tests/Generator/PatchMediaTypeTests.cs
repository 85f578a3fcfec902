using SliceClientGen.Tests.Infrastructure;
using Xunit;
using static SliceClientGen.Tests.Generator.InlineDocument;

namespace SliceClientGen.Tests.Generator;

/// <summary>
/// A PATCH body offered in several patch formats is sent in the one its shape fits (decided in the model): an object as
/// a merge patch, else a strategic merge patch; JSON Patch only for an array of operations.
/// </summary>
public sealed class PatchMediaTypeTests
{
    [Fact]
    public void Object_body_offered_as_json_patch_first_is_sent_as_a_merge_patch()
    {
        GeneratorRun run = Run(Patch(["application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json"], "{ type: object }"));

        Assert.Contains("\"application/merge-patch+json\")", run.Client(), StringComparison.Ordinal);
        Assert.DoesNotContain("\"application/json-patch+json\"", run.Client(), StringComparison.Ordinal);
    }

    [Fact]
    public void Object_body_without_merge_patch_is_sent_as_a_strategic_merge_patch()
    {
        GeneratorRun run = Run(Patch(["application/json-patch+json", "application/strategic-merge-patch+json"], "{ type: object }"));

        Assert.Contains("\"application/strategic-merge-patch+json\")", run.Client(), StringComparison.Ordinal);
    }

    [Fact]
    public void Array_body_is_sent_as_json_patch_even_when_listed_later()
    {
        GeneratorRun run = Run(Patch(["application/merge-patch+json", "application/json-patch+json"], "{ type: array, items: { type: object } }"));

        Assert.Contains("\"application/json-patch+json\")", run.Client(), StringComparison.Ordinal);
    }

    [Fact]
    public void Object_body_offered_only_as_json_patch_keeps_the_declared_media_type()
    {
        GeneratorRun run = Run(Patch(["application/json-patch+json"], "{ type: object }"));

        Assert.Contains("\"application/json-patch+json\")", run.Client(), StringComparison.Ordinal);
    }

    private static string Patch(string[] mediaTypes, string schema) => Start + """
        paths:
          /things/{name}:
            patch:
              operationId: patchThing
              parameters:
                - { name: name, in: path, required: true, schema: { type: string } }
              requestBody:
                required: true
                content:

        """ + string.Concat(mediaTypes.Select(m => "          " + m + ":\n            schema: " + schema + "\n")) + """
              responses:
                '204':
                  description: Patched
        """;
}
