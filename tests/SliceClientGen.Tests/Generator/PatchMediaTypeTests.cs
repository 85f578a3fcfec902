using SliceClientGen.Tests.Infrastructure;
using Xunit;
using static SliceClientGen.Tests.Generator.InlineDocument;

namespace SliceClientGen.Tests.Generator;

/// <summary>
/// A PATCH body offered in several patch formats is sent by default in the one its shape fits (decided in the model): an
/// object as a merge patch, else a strategic merge patch; JSON Patch only for an array of operations. The caller may pick
/// another declared format (<c>patchType</c>), and an object body also declared as JSON Patch gets a JsonPatch overload.
/// </summary>
public sealed class PatchMediaTypeTests
{
    [Fact]
    public void Object_body_offered_as_json_patch_first_is_sent_as_a_merge_patch()
    {
        GeneratorRun run = Run(Patch(["application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json"], "{ type: object }"));

        Assert.Contains("PatchThingPatchFormats = new(\"patchThing\", PatchType.MergePatch,", run.Client(), StringComparison.Ordinal);
    }

    [Fact]
    public void Object_body_without_merge_patch_is_sent_as_a_strategic_merge_patch()
    {
        GeneratorRun run = Run(Patch(["application/json-patch+json", "application/strategic-merge-patch+json"], "{ type: object }"));

        Assert.Contains("PatchThingPatchFormats = new(\"patchThing\", PatchType.StrategicMergePatch,", run.Client(), StringComparison.Ordinal);
    }

    [Fact]
    public void Array_body_is_sent_as_json_patch_even_when_listed_later()
    {
        GeneratorRun run = Run(Patch(["application/merge-patch+json", "application/json-patch+json"], "{ type: array, items: { type: object } }"));

        Assert.Contains("PatchThingPatchFormats = new(\"patchThing\", PatchType.JsonPatch,", run.Client(), StringComparison.Ordinal);
        Assert.DoesNotContain("JsonPatch body", run.Client(), StringComparison.Ordinal);
    }

    [Fact]
    public void Object_body_offered_only_as_json_patch_keeps_the_declared_media_type()
    {
        GeneratorRun run = Run(Patch(["application/json-patch+json"], "{ type: object }"));

        Assert.Contains("\"application/json-patch+json\")", run.Client(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_declared_in_several_patch_formats_takes_a_patchType_checked_against_them()
    {
        string client = Run(Patch(["application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json", "application/apply-patch+yaml"], "{ type: object }")).Client();

        Assert.Contains("PatchThingAsync(string name, JsonNode body, PatchType? patchType = null, CancellationToken cancellationToken = default)", client, StringComparison.Ordinal);
        Assert.Contains(
            "PatchFormats PatchThingPatchFormats = new(\"patchThing\", PatchType.MergePatch, PatchType.MergePatch, PatchType.StrategicMergePatch, PatchType.JsonPatch, PatchType.ApplyPatch);",
            client,
            StringComparison.Ordinal);
        Assert.Contains(".WithJsonBody(body, TClientPlumbing.PatchThingPatchFormats.MediaType(patchType));", client, StringComparison.Ordinal);
    }

    [Fact]
    public void An_object_body_also_declared_as_json_patch_gets_an_overload_taking_a_JsonPatch()
    {
        string client = Run(Patch(["application/json-patch+json", "application/merge-patch+json"], "{ type: object }")).Client();

        Assert.Contains("PatchThingAsync(string name, JsonPatch body, CancellationToken cancellationToken = default)", client, StringComparison.Ordinal);
        Assert.Contains(".WithJsonBody<JsonPatch>(body, JsonPatch.Write, \"application/json-patch+json\");", client, StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_declared_in_one_patch_format_takes_no_patchType()
    {
        string client = Run(Patch(["application/merge-patch+json"], "{ type: object }")).Client();

        Assert.DoesNotContain("patchType", client, StringComparison.Ordinal);
        Assert.DoesNotContain("JsonPatch", client, StringComparison.Ordinal);
    }

    [Fact]
    public void Calls_picking_each_patch_format_compile_against_the_generated_client()
    {
        const string caller = """
            using System.Text.Json.Nodes;
            using System.Threading.Tasks;
            using Contoso.Test;
            using SliceClientGen.Runtime.Http;

            public static class Caller
            {
                public static async Task CallAsync(TClient client, JsonNode node)
                {
                    await client.PatchThingAsync("a", node);
                    await client.PatchThingAsync("a", node, PatchType.StrategicMergePatch);
                    await client.PatchThingAsync("a", node, patchType: PatchType.ApplyPatch);
                    await client.PatchThingAsync("a", new JsonPatch().Test("/x", 1).Remove("/x"));
                }
            }
            """;
        GeneratorRun run = GeneratorHarness.Run(
            [Documents.Inline("doc.yml", Patch(["application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json", "application/apply-patch+yaml"], "{ type: object }"))],
            sources: [caller]);

        run.AssertNoDiagnostics();
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
