using SliceClientGen.Runtime.Http;

namespace SliceClientGen.Client.Tests;

/// <summary>
/// The runtime's patch bodies: a <see cref="JsonPatch"/> as the RFC 6902 array it sends, and <see cref="PatchFormats"/>
/// turning a caller's <see cref="PatchType"/> into the Content-Type, refusing one the operation does not declare.
/// (Sent to an API server: SliceClientGen.Testing.Tests GeneratedPatchTests.)
/// </summary>
public sealed class PatchBodyTests
{
    [Fact]
    public void A_JsonPatch_is_written_as_its_operations_in_order()
    {
        var patch = new JsonPatch()
            .Test("/metadata/resourceVersion", "42")
            .Add("/metadata/labels/tier", "gold")
            .Remove("/metadata/annotations")
            .Replace("/spec/replicas", 3)
            .Move("/a", "/b")
            .Copy("/b", "/c")
            .Add("/d", null);

        Assert.Equal(
            """[{"op":"test","path":"/metadata/resourceVersion","value":"42"},{"op":"add","path":"/metadata/labels/tier","value":"gold"},{"op":"remove","path":"/metadata/annotations"},{"op":"replace","path":"/spec/replicas","value":3},{"op":"move","from":"/a","path":"/b"},{"op":"copy","from":"/b","path":"/c"},{"op":"add","path":"/d","value":null}]""",
            patch.ToString());
    }

    [Fact]
    public void A_JSON_Pointer_escapes_slashes_and_tildes_in_its_segments()
    {
        Assert.Equal("/metadata/labels/app.kubernetes.io~1name/~0x", JsonPatch.Pointer("metadata", "labels", "app.kubernetes.io/name", "~x"));
    }

    [Fact]
    public void A_path_that_is_not_a_JSON_Pointer_is_refused_when_the_operation_is_added()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => new JsonPatch().Remove("metadata/labels"));

        Assert.Contains("'metadata/labels' is not a JSON Pointer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Patch_formats_send_the_default_unless_the_caller_picks_a_declared_one()
    {
        var formats = new PatchFormats("patchWidget", PatchType.MergePatch, PatchType.MergePatch, PatchType.StrategicMergePatch, PatchType.ApplyPatch);

        Assert.Equal(
            ["application/merge-patch+json", "application/strategic-merge-patch+json", "application/apply-patch+yaml"],
            new[] { formats.MediaType(null), formats.MediaType(PatchType.StrategicMergePatch), formats.MediaType(PatchType.ApplyPatch) });
    }

    [Fact]
    public void A_patch_format_the_operation_does_not_declare_is_refused_naming_the_declared_ones()
    {
        var formats = new PatchFormats("patchWidget", PatchType.MergePatch, PatchType.MergePatch, PatchType.JsonPatch);

        ArgumentException error = Assert.Throws<ArgumentException>(() => formats.MediaType(PatchType.StrategicMergePatch));

        Assert.Equal("patchType", error.ParamName);
        Assert.StartsWith(
            "The operation 'patchWidget' does not accept StrategicMergePatch (application/strategic-merge-patch+json); its document declares MergePatch (application/merge-patch+json), JsonPatch (application/json-patch+json).",
            error.Message,
            StringComparison.Ordinal);
    }
}
