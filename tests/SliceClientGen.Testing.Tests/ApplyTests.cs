using System.Text.Json.Nodes;
using SliceClientGen.Testing.Tests.Infrastructure;

namespace SliceClientGen.Testing.Tests;

/// <summary>
/// Server-side apply (PATCH with application/apply-patch+yaml) over HTTP: create on apply, managedFields in the
/// API server's fieldsV1 format, conflicts between managers, force, list merge by the document's list types, and
/// removal of what a manager stops applying.
/// </summary>
public sealed class ApplyTests
{
    private const string ApplyType = "application/apply-patch+yaml";
    private static readonly string Item = TestServer.In("shop") + "/web-1";

    private static string Slice(int port = 8080, string addressType = "IPv4", string labels = "    kubernetes.io/service-name: web\n") => $"""
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata:
          name: web-1
          labels:
        {labels.TrimEnd('\n')}
        addressType: {addressType}
        endpoints:
        - addresses: ["10.1.0.1"]
          conditions: {"{"}ready: true{"}"}
        ports:
        - name: http
          protocol: TCP
          port: {port}
        """;

    private static Task<(int Status, JsonObject Body)> ApplyAsync(TestServer server, string body, string manager, bool force = false, string path = "") =>
        server.SendTextAsync(HttpMethod.Patch, (path.Length > 0 ? path : Item) + "?fieldManager=" + manager + (force ? "&force=true" : string.Empty), body, ApplyType);

    private static JsonArray ManagedFields(JsonObject obj) => obj["metadata"]!["managedFields"]!.AsArray();

    private static JsonObject Entry(JsonObject obj, string manager) =>
        ManagedFields(obj).Single(e => e!["manager"]!.GetValue<string>() == manager)!.AsObject();

    /// <summary>An entry's fieldsV1 as text, quotes in keys written as \" (the server's writer may escape them as \u0022).</summary>
    private static string Fields(JsonObject obj, string manager) =>
        Entry(obj, manager)["fieldsV1"]!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    [Fact]
    public async Task Apply_creates_a_missing_object_and_records_the_manager_with_its_fields()
    {
        await using TestServer server = await TestServer.StartAsync();

        (int status, JsonObject created) = await ApplyAsync(server, Slice(), "deployer");

        Assert.Equal(201, status);
        Assert.Equal(8080, created["ports"]![0]!["port"]!.GetValue<int>());
        JsonObject entry = Entry(created, "deployer");
        Assert.Equal("Apply", entry["operation"]!.GetValue<string>());
        Assert.Equal("discovery.k8s.io/v1", entry["apiVersion"]!.GetValue<string>());
        Assert.Equal("FieldsV1", entry["fieldsType"]!.GetValue<string>());
        Assert.Equal(
            """{"f:addressType":{},"f:endpoints":{},"f:metadata":{"f:labels":{"f:kubernetes.io/service-name":{}}},"f:ports":{}}""",
            Fields(created, "deployer"));
        Assert.NotNull(server.Server.Objects.Get(server.Slices, "shop", "web-1"));
    }

    [Fact]
    public async Task Apply_by_the_same_manager_changes_its_fields_without_conflict()
    {
        await using TestServer server = await TestServer.StartAsync();
        await ApplyAsync(server, Slice(port: 8080), "deployer");

        (int status, JsonObject updated) = await ApplyAsync(server, Slice(port: 9090), "deployer");

        Assert.Equal(200, status);
        Assert.Equal(9090, updated["ports"]![0]!["port"]!.GetValue<int>());
        Assert.Single(ManagedFields(updated));
    }

    [Fact]
    public async Task Applying_the_same_configuration_again_is_a_no_op_keeping_the_resource_version()
    {
        await using TestServer server = await TestServer.StartAsync();
        (_, JsonObject first) = await ApplyAsync(server, Slice(), "deployer");

        (int status, JsonObject second) = await ApplyAsync(server, Slice(), "deployer");

        Assert.Equal(200, status);
        Assert.Equal(first["metadata"]!["resourceVersion"]!.GetValue<string>(), second["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(first["metadata"]!["managedFields"], second["metadata"]!["managedFields"]));
    }

    [Fact]
    public async Task Changing_a_field_another_manager_applied_is_a_409_naming_the_field_and_the_manager()
    {
        await using TestServer server = await TestServer.StartAsync();
        await ApplyAsync(server, Slice(port: 8080), "deployer");

        (int status, JsonObject error) = await ApplyAsync(server, Slice(port: 9090), "autoscaler");

        Assert.Equal(409, status);
        Assert.Equal("Conflict", error["reason"]!.GetValue<string>());
        Assert.Equal("Apply failed with 1 conflict: conflict with \"deployer\": .ports", error["message"]!.GetValue<string>());
        JsonObject cause = error["details"]!["causes"]!.AsArray().Single()!.AsObject();
        Assert.Equal("FieldManagerConflict", cause["reason"]!.GetValue<string>());
        Assert.Equal(".ports", cause["field"]!.GetValue<string>());
        Assert.Equal("conflict with \"deployer\"", cause["message"]!.GetValue<string>());
        Assert.Equal(8080, server.Server.Objects.Get(server.Slices, "shop", "web-1")!["ports"]![0]!["port"]!.GetValue<int>());
    }

    [Fact]
    public async Task Applying_the_value_another_manager_applied_shares_the_field_without_conflict()
    {
        await using TestServer server = await TestServer.StartAsync();
        await ApplyAsync(server, Slice(), "deployer");

        (int status, JsonObject shared) = await ApplyAsync(server, Slice(), "auditor");

        Assert.Equal(200, status);
        Assert.Equal(Fields(shared, "deployer"), Fields(shared, "auditor"));
    }

    [Fact]
    public async Task Force_takes_the_conflicting_fields_from_the_other_manager()
    {
        await using TestServer server = await TestServer.StartAsync();
        await ApplyAsync(server, Slice(port: 8080, addressType: "IPv4"), "deployer");

        (int status, JsonObject forced) = await ApplyAsync(server, Slice(port: 9090, addressType: "IPv6"), "autoscaler", force: true);

        Assert.Equal(200, status);
        Assert.Equal(9090, forced["ports"]![0]!["port"]!.GetValue<int>());
        Assert.Equal("IPv6", forced["addressType"]!.GetValue<string>());
        Assert.Equal("""{"f:endpoints":{},"f:metadata":{"f:labels":{"f:kubernetes.io/service-name":{}}}}""", Fields(forced, "deployer"));
    }

    [Fact]
    public async Task A_conflict_with_several_fields_and_managers_lists_each_under_its_manager()
    {
        await using TestServer server = await TestServer.StartAsync();
        await ApplyAsync(server, Slice(port: 8080), "deployer");
        await server.SendAsync(HttpMethod.Patch, Item + "?fieldManager=editor", new JsonObject { ["addressType"] = "IPv6" }, "application/merge-patch+json");

        (int status, JsonObject error) = await ApplyAsync(server, Slice(port: 9090, addressType: "FQDN"), "autoscaler");

        Assert.Equal(409, status);
        Assert.Equal(
            "Apply failed with 2 conflicts: conflicts with \"deployer\":\n- .ports\nconflicts with \"editor\" using discovery.k8s.io/v1:\n- .addressType",
            error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Writes_other_than_apply_record_an_Update_manager_that_owns_what_it_changed()
    {
        await using TestServer server = await TestServer.StartAsync();
        await ApplyAsync(server, Slice(), "deployer");

        (_, JsonObject patched) = await server.SendAsync(HttpMethod.Patch, Item + "?fieldManager=editor", new JsonObject { ["addressType"] = "IPv6" }, "application/merge-patch+json");

        Assert.Equal("Update", Entry(patched, "editor")["operation"]!.GetValue<string>());
        Assert.Equal("""{"f:addressType":{}}""", Fields(patched, "editor"));
        Assert.DoesNotContain("f:addressType", Fields(patched, "deployer"));
    }

    [Fact]
    public async Task A_field_the_manager_stops_applying_is_removed()
    {
        await using TestServer server = await TestServer.StartAsync();
        await ApplyAsync(server, Slice(labels: "    kubernetes.io/service-name: web\n    tier: gold\n"), "deployer");

        (int status, JsonObject updated) = await ApplyAsync(server, Slice(labels: "    kubernetes.io/service-name: web\n"), "deployer");

        Assert.Equal(200, status);
        Assert.Equal("""{"kubernetes.io/service-name":"web"}""", updated["metadata"]!["labels"]!.ToJsonString());
    }

    [Fact]
    public async Task A_field_the_manager_stops_applying_stays_while_another_manager_owns_it()
    {
        await using TestServer server = await TestServer.StartAsync();
        await ApplyAsync(server, Slice(labels: "    kubernetes.io/service-name: web\n    tier: gold\n"), "deployer");
        await ApplyAsync(server, Slice(labels: "    tier: gold\n"), "labeler");

        (_, JsonObject updated) = await ApplyAsync(server, Slice(labels: "    kubernetes.io/service-name: web\n"), "deployer");

        Assert.Equal("gold", updated["metadata"]!["labels"]!["tier"]!.GetValue<string>());
    }

    [Fact]
    public async Task Map_list_items_of_two_managers_merge_by_the_keys_the_document_declares()
    {
        await using TestServer server = await TestServer.StartAsync(o => o.OpenApiDocumentPath = TestServer.DiscoveryDocumentPath);
        await ApplyAsync(server, Owned(("a", "first")), "one");

        (int status, JsonObject merged) = await ApplyAsync(server, Owned(("b", "second")), "two");

        Assert.Equal(200, status);
        Assert.Equal(new[] { "first", "second" }, merged["metadata"]!["ownerReferences"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()));

        // OwnerReference is x-kubernetes-map-type: atomic: the item is owned whole.
        Assert.Equal(
            """{"f:addressType":{},"f:endpoints":{},"f:metadata":{"f:ownerReferences":{"k:{\"uid\":\"b\"}":{}}}}""",
            Fields(merged, "two"));
    }

    [Fact]
    public async Task A_map_list_item_the_manager_stops_applying_is_removed_and_the_others_stay()
    {
        await using TestServer server = await TestServer.StartAsync(o => o.OpenApiDocumentPath = TestServer.DiscoveryDocumentPath);
        await ApplyAsync(server, Owned(("a", "first"), ("c", "third")), "one");
        await ApplyAsync(server, Owned(("b", "second")), "two");

        (_, JsonObject updated) = await ApplyAsync(server, Owned(("a", "first")), "one");

        Assert.Equal(new[] { "first", "second" }, updated["metadata"]!["ownerReferences"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_set_list_merges_by_value()
    {
        await using TestServer server = await TestServer.StartAsync(o => o.OpenApiDocumentPath = TestServer.DiscoveryDocumentPath);
        server.Seed("shop", "web-1");
        await ApplyAsync(server, Finalized("example.com/a", "example.com/b"), "one");

        (int status, JsonObject merged) = await ApplyAsync(server, Finalized("example.com/c", "example.com/a"), "two");

        Assert.Equal(200, status);
        Assert.Equal("""["example.com/c","example.com/a","example.com/b"]""", merged["metadata"]!["finalizers"]!.ToJsonString());
        Assert.Equal("""{"f:metadata":{"f:finalizers":{"v:\"example.com/a\"":{},"v:\"example.com/c\"":{}}}}""", Fields(merged, "two"));
    }

    [Fact]
    public async Task An_atomic_list_is_one_field_so_changing_an_item_another_manager_applied_conflicts()
    {
        await using TestServer server = await TestServer.StartAsync(o => o.OpenApiDocumentPath = TestServer.DiscoveryDocumentPath);
        await ApplyAsync(server, Slice(port: 8080), "deployer");

        (int status, JsonObject error) = await ApplyAsync(server, Slice(port: 8081), "other");

        // ports is x-kubernetes-list-type: atomic in the real document.
        Assert.Equal(409, status);
        Assert.Equal(".ports", error["details"]!["causes"]!.AsArray().Single()!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task Apply_accepts_a_JSON_body()
    {
        await using TestServer server = await TestServer.StartAsync();
        JsonObject slice = TestServer.Slice("shop", "web-1");

        (int status, JsonObject created) = await ApplyAsync(server, slice.ToJsonString(), "deployer");

        Assert.Equal(201, status);
        Assert.Equal("Apply", Entry(created, "deployer")["operation"]!.GetValue<string>());
    }

    [Fact]
    public async Task Apply_without_a_field_manager_is_invalid()
    {
        await using TestServer server = await TestServer.StartAsync();

        (int status, JsonObject error) = await server.SendTextAsync(HttpMethod.Patch, Item, Slice(), ApplyType);

        Assert.Equal(422, status);
        Assert.Equal("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch", error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Force_on_a_patch_that_is_not_an_apply_is_invalid()
    {
        await using TestServer server = await TestServer.StartAsync();
        server.Seed("shop", "web-1");

        (int status, JsonObject error) = await server.SendAsync(HttpMethod.Patch, Item + "?force=true", new JsonObject { ["addressType"] = "IPv6" }, "application/merge-patch+json");

        Assert.Equal(422, status);
        Assert.Contains("force: Forbidden: may not be specified for non-apply patch", error["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("apiVersion: v1\nkind: EndpointSlice\nmetadata: {name: web-1}\n", "Incorrect version specified in apply patch. Specified patch version: v1, expected: discovery.k8s.io/v1")]
    [InlineData("apiVersion: discovery.k8s.io/v1\nkind: Service\nmetadata: {name: web-1}\n", "Incorrect kind specified in apply patch. Specified patch kind: Service, expected: EndpointSlice")]
    [InlineData("apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: other}\n", "the name of the object (other) does not match the name on the URL (web-1)")]
    [InlineData("apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: web-1, managedFields: []}\n", "metadata.managedFields must be nil")]
    [InlineData("- not\n- an object\n", "error decoding YAML: the applied configuration must be an object, got [\"not\",\"an object\"]")]
    public async Task An_apply_that_does_not_describe_this_object_is_a_bad_request(string body, string message)
    {
        await using TestServer server = await TestServer.StartAsync();

        (int status, JsonObject error) = await ApplyAsync(server, body, "deployer");

        Assert.Equal(400, status);
        Assert.Equal(message, error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_invalid_applied_object_is_refused_with_the_field_errors()
    {
        await using TestServer server = await TestServer.StartAsync();

        (int status, JsonObject error) = await ApplyAsync(server, Slice(port: 70000), "deployer");

        Assert.Equal(422, status);
        Assert.Contains("ports[0].port", error["message"]!.GetValue<string>());
        Assert.Null(server.Server.Objects.Get(server.Slices, "shop", "web-1"));
    }

    private static string Finalized(params string[] finalizers) =>
        "apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: web-1\n  finalizers: [" + string.Join(", ", finalizers) + "]\n";

    private static string Owned(params (string Uid, string Name)[] owners) =>
        "apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: web-1\n  ownerReferences:\n" +
        string.Concat(owners.Select(o => $"  - {{apiVersion: v1, kind: Service, name: {o.Name}, uid: {o.Uid}}}\n")) +
        "addressType: IPv4\nendpoints: []\n";
}
