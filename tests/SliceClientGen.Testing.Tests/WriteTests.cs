using System.Text.Json.Nodes;
using SliceClientGen.Testing.Tests.Infrastructure;
using Xunit;

namespace SliceClientGen.Testing.Tests;

/// <summary>Create, get, replace, merge-patch and delete: metadata, Status errors, concurrency, dry runs and validation.</summary>
public sealed class WriteTests
{
    [Fact]
    public async Task Create_fills_uid_creation_timestamp_generation_and_a_new_resource_version()
    {
        await using TestServer server = await TestServer.StartAsync();
        long before = server.Server.Objects.ResourceVersion;

        (int status, JsonObject created) = await server.SendAsync(HttpMethod.Post, TestServer.In("shop"), TestServer.Slice("shop", "a"));

        Assert.Equal(201, status);
        JsonNode metadata = created["metadata"]!;
        Assert.True(Guid.TryParse(metadata["uid"]!.GetValue<string>(), out _));
        Assert.True(DateTimeOffset.TryParse(metadata["creationTimestamp"]!.GetValue<string>(), out _));
        Assert.Equal(1, metadata["generation"]!.GetValue<long>());
        Assert.Equal((before + 1).ToString(), metadata["resourceVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_with_generateName_gets_a_unique_name_with_that_prefix()
    {
        await using TestServer server = await TestServer.StartAsync();
        JsonObject slice = TestServer.Slice("shop", "ignored");
        slice["metadata"]!.AsObject().Remove("name");
        slice["metadata"]!["generateName"] = "web-";

        (int status, JsonObject created) = await server.SendAsync(HttpMethod.Post, TestServer.In("shop"), slice);

        Assert.Equal(201, status);
        Assert.Matches("^web-[a-z0-9]{5}$", created["metadata"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Creating_an_existing_name_is_409_AlreadyExists()
    {
        await using TestServer server = await TestServer.StartAsync();
        server.Seed("shop", "a");

        (int status, JsonObject body) = await server.SendAsync(HttpMethod.Post, TestServer.In("shop"), TestServer.Slice("shop", "a"));

        Assert.Equal(409, status);
        Assert.Equal("AlreadyExists", body["reason"]!.GetValue<string>());
        Assert.Equal("endpointslices.discovery.k8s.io \"a\" already exists", body["message"]!.GetValue<string>());
        Assert.Equal("a", body["details"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Getting_a_missing_object_is_a_404_Status()
    {
        await using TestServer server = await TestServer.StartAsync();

        (int status, JsonObject body) = await server.GetAsync(TestServer.In("shop") + "/missing");

        Assert.Equal(404, status);
        Assert.Equal("Status", body["kind"]!.GetValue<string>());
        Assert.Equal("Failure", body["status"]!.GetValue<string>());
        Assert.Equal("NotFound", body["reason"]!.GetValue<string>());
        Assert.Equal("endpointslices.discovery.k8s.io \"missing\" not found", body["message"]!.GetValue<string>());
        Assert.Equal(404, body["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task Replacing_with_a_stale_resource_version_is_409_Conflict_and_changes_nothing()
    {
        await using TestServer server = await TestServer.StartAsync();
        JsonObject stale = server.Seed("shop", "a");
        server.Server.Objects.Update(server.Slices, "shop", "a", o => o["addressType"] = "IPv6");
        stale["ports"]![0]!["port"] = 1234;

        (int status, JsonObject body) = await server.SendAsync(HttpMethod.Put, TestServer.In("shop") + "/a", stale);

        Assert.Equal(409, status);
        Assert.Equal("Conflict", body["reason"]!.GetValue<string>());
        Assert.Contains("the object has been modified", body["message"]!.GetValue<string>());
        Assert.Equal(8080, server.Server.Objects.Get(server.Slices, "shop", "a")!["ports"]![0]!["port"]!.GetValue<int>());
    }

    [Fact]
    public async Task Replace_keeps_identity_and_bumps_generation_only_for_content_changes()
    {
        await using TestServer server = await TestServer.StartAsync();
        JsonObject original = server.Seed("shop", "a");

        JsonObject labelsOnly = original.DeepClone().AsObject();
        labelsOnly["metadata"]!["labels"]!["extra"] = "yes";
        (_, JsonObject afterLabels) = await server.SendAsync(HttpMethod.Put, TestServer.In("shop") + "/a", labelsOnly);
        JsonObject content = afterLabels.DeepClone().AsObject();
        content["addressType"] = "IPv6";
        (int status, JsonObject afterContent) = await server.SendAsync(HttpMethod.Put, TestServer.In("shop") + "/a", content);

        Assert.Equal(200, status);
        Assert.Equal(1, afterLabels["metadata"]!["generation"]!.GetValue<long>());
        Assert.Equal(2, afterContent["metadata"]!["generation"]!.GetValue<long>());
        Assert.Equal(original["metadata"]!["uid"]!.GetValue<string>(), afterContent["metadata"]!["uid"]!.GetValue<string>());
        Assert.Equal(original["metadata"]!["creationTimestamp"]!.GetValue<string>(), afterContent["metadata"]!["creationTimestamp"]!.GetValue<string>());
        Assert.True(long.Parse(afterContent["metadata"]!["resourceVersion"]!.GetValue<string>()) > long.Parse(afterLabels["metadata"]!["resourceVersion"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_replace_that_changes_nothing_keeps_the_resource_version_and_makes_no_event()
    {
        await using TestServer server = await TestServer.StartAsync();
        JsonObject stored = server.Seed("shop", "a");
        long before = server.Server.Objects.ResourceVersion;
        await using WatchReader watch = await WatchReader.OpenAsync(server, TestServer.Collection + $"?watch=true&resourceVersion={before}");

        (int status, JsonObject same) = await server.SendAsync(HttpMethod.Put, TestServer.In("shop") + "/a", stored);
        server.Seed("shop", "marker");

        Assert.Equal(200, status);
        Assert.Equal(stored["metadata"]!["resourceVersion"]!.GetValue<string>(), same["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Equal("ADDED marker", await watch.NextSummaryAsync());
    }

    [Fact]
    public async Task Replacing_a_missing_object_is_404()
    {
        await using TestServer server = await TestServer.StartAsync();

        (int status, _) = await server.SendAsync(HttpMethod.Put, TestServer.In("shop") + "/a", TestServer.Slice("shop", "a"));

        Assert.Equal(404, status);
    }

    [Fact]
    public async Task A_merge_patch_merges_objects_removes_nulls_and_replaces_arrays()
    {
        await using TestServer server = await TestServer.StartAsync();
        JsonObject seeded = TestServer.Slice("shop", "a", endpoints: 3);
        seeded["metadata"]!["annotations"] = new JsonObject { ["keep"] = "1", ["drop"] = "2" };
        server.Server.Objects.Create(server.Slices, seeded);
        JsonObject patch = JsonNode.Parse("""
            {"metadata":{"annotations":{"drop":null,"new":"3"}},
             "endpoints":[{"addresses":["10.9.9.9"],"conditions":{"ready":false}}]}
            """)!.AsObject();

        (int status, JsonObject patched) = await server.SendAsync(HttpMethod.Patch, TestServer.In("shop") + "/a", patch, "application/merge-patch+json");

        Assert.Equal(200, status);
        Assert.Equal("""{"keep":"1","new":"3"}""", patched["metadata"]!["annotations"]!.ToJsonString());
        Assert.Single(patched["endpoints"]!.AsArray());
        Assert.False(patched["endpoints"]![0]!["conditions"]!["ready"]!.GetValue<bool>());
        Assert.Equal("IPv4", patched["addressType"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_patch_with_an_unsupported_media_type_is_415()
    {
        await using TestServer server = await TestServer.StartAsync();
        server.Seed("shop", "a");

        (int status, JsonObject body) = await server.SendAsync(HttpMethod.Patch, TestServer.In("shop") + "/a", new JsonArray(), "application/apply-patch+cbor");

        Assert.Equal(415, status);
        Assert.Equal("UnsupportedMediaType", body["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task DryRun_All_answers_like_a_create_but_persists_nothing_and_keeps_the_counter()
    {
        await using TestServer server = await TestServer.StartAsync();
        long before = server.Server.Objects.ResourceVersion;

        (int status, JsonObject answer) = await server.SendAsync(HttpMethod.Post, TestServer.In("shop") + "?dryRun=All", TestServer.Slice("shop", "a"));

        Assert.Equal(201, status);
        Assert.NotNull(answer["metadata"]!["uid"]);
        Assert.Null(server.Server.Objects.Get(server.Slices, "shop", "a"));
        Assert.Equal(before, server.Server.Objects.ResourceVersion);
    }

    [Fact]
    public async Task DryRun_All_on_patch_and_delete_changes_nothing()
    {
        await using TestServer server = await TestServer.StartAsync();
        server.Seed("shop", "a");
        long before = server.Server.Objects.ResourceVersion;

        (int patchStatus, JsonObject patched) = await server.SendAsync(HttpMethod.Patch, TestServer.In("shop") + "/a?dryRun=All", JsonNode.Parse("""{"addressType":"IPv6"}"""), "application/merge-patch+json");
        (int deleteStatus, _) = await server.SendAsync(HttpMethod.Delete, TestServer.In("shop") + "/a?dryRun=All");

        Assert.Equal(200, patchStatus);
        Assert.Equal("IPv6", patched["addressType"]!.GetValue<string>());
        Assert.Equal(200, deleteStatus);
        Assert.Equal("IPv4", server.Server.Objects.Get(server.Slices, "shop", "a")!["addressType"]!.GetValue<string>());
        Assert.Equal(before, server.Server.Objects.ResourceVersion);
    }

    [Fact]
    public async Task An_invalid_slice_is_422_Invalid_listing_every_field_the_document_constrains()
    {
        await using TestServer server = await TestServer.StartAsync();
        JsonObject slice = TestServer.Slice("shop", "bad", addressType: "IPv5", endpoints: 1001, port: 70000);
        slice["ports"]![0]!["name"] = "a-name-longer-than-fifteen";
        slice["endpoints"]![0]!.AsObject().Remove("addresses");

        (int status, JsonObject body) = await server.SendAsync(HttpMethod.Post, TestServer.In("shop"), slice);

        Assert.Equal(422, status);
        Assert.Equal("Invalid", body["reason"]!.GetValue<string>());
        var fields = body["details"]!["causes"]!.AsArray().Select(c => c!["field"]!.GetValue<string>() + ": " + c["message"]!.GetValue<string>()).ToList();
        Assert.Contains("addressType: Unsupported value: \"IPv5\": supported values: \"IPv4\", \"IPv6\"", fields);
        Assert.Contains("endpoints: Too many: 1001: must have at most 1000 items", fields);
        Assert.Contains("endpoints[0].addresses: Required value", fields);
        Assert.Contains("ports[0].port: Invalid value: 70000: must be less than or equal to 65535", fields);
        Assert.Contains("ports[0].name: Too long: may not be more than 15 characters", fields);
        Assert.StartsWith("EndpointSlice.discovery.k8s.io \"bad\" is invalid: [", body["message"]!.GetValue<string>());
        Assert.Null(server.Server.Objects.Get(server.Slices, "shop", "bad"));
    }

    [Fact]
    public async Task A_slice_stored_with_an_address_type_the_document_does_not_list_can_still_be_patched()
    {
        await using TestServer server = await TestServer.StartAsync();
        server.Server.Objects.Create(server.Slices, TestServer.Slice("shop", "fqdn", addressType: "FQDN"));

        (int status, JsonObject patched) = await server.SendAsync(HttpMethod.Patch, TestServer.In("shop") + "/fqdn", JsonNode.Parse("""{"metadata":{"labels":{"x":"y"}}}"""), "application/merge-patch+json");

        Assert.Equal(200, status);
        Assert.Equal("FQDN", patched["addressType"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unknown_fields_are_kept_with_a_warning_and_refused_under_Strict_field_validation()
    {
        await using TestServer server = await TestServer.StartAsync();
        JsonObject slice = TestServer.Slice("shop", "a");
        slice["futureField"] = new JsonObject { ["x"] = 1 };

        using var request = new HttpRequestMessage(HttpMethod.Post, TestServer.In("shop")) { Content = new StringContent(slice.ToJsonString(), System.Text.Encoding.UTF8, "application/json") };
        using HttpResponseMessage response = await server.Http.SendAsync(request);
        (int strictStatus, JsonObject strict) = await server.SendAsync(HttpMethod.Post, TestServer.In("shop") + "?fieldValidation=Strict", TestServer.Slice("shop", "b").Also(o => o["futureField"] = 1));

        Assert.Equal(201, (int)response.StatusCode);
        Assert.Contains("299 - \"unknown field \\\"futureField\\\"\"", response.Headers.GetValues("Warning"));
        Assert.Equal("""{"x":1}""", server.Server.Objects.Get(server.Slices, "shop", "a")!["futureField"]!.ToJsonString());
        Assert.Equal(400, strictStatus);
        Assert.Contains("unknown field \"futureField\"", strict["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Malformed_JSON_is_a_400_naming_the_position()
    {
        await using TestServer server = await TestServer.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, TestServer.In("shop")) { Content = new StringContent("{\"metadata\": {\"name\": \"a\",}", System.Text.Encoding.UTF8, "application/json") };

        using HttpResponseMessage response = await server.Http.SendAsync(request);
        JsonObject body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("not valid JSON: line 1", body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_body_for_another_namespace_is_a_400()
    {
        await using TestServer server = await TestServer.StartAsync();

        (int status, JsonObject body) = await server.SendAsync(HttpMethod.Post, TestServer.In("shop"), TestServer.Slice("data", "a"));

        Assert.Equal(400, status);
        Assert.Contains("does not match the namespace", body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Delete_returns_the_last_state_and_honours_a_resource_version_precondition()
    {
        await using TestServer server = await TestServer.StartAsync();
        server.Seed("shop", "a");
        JsonObject stalePrecondition = JsonNode.Parse("""{"kind":"DeleteOptions","apiVersion":"v1","preconditions":{"resourceVersion":"1"}}""")!.AsObject();
        server.Server.Objects.Update(server.Slices, "shop", "a", o => o["addressType"] = "IPv6");

        (int refused, JsonObject conflict) = await server.SendAsync(HttpMethod.Delete, TestServer.In("shop") + "/a", stalePrecondition);
        (int status, JsonObject deleted) = await server.SendAsync(HttpMethod.Delete, TestServer.In("shop") + "/a");
        (int again, _) = await server.SendAsync(HttpMethod.Delete, TestServer.In("shop") + "/a");

        Assert.Equal(409, refused);
        Assert.Contains("Precondition failed", conflict["message"]!.GetValue<string>());
        Assert.Equal(200, status);
        Assert.Equal("IPv6", deleted["addressType"]!.GetValue<string>());
        Assert.Equal(404, again);
    }
}

public sealed class DeleteOptionsTests
{
    [Fact]
    public async Task A_delete_options_body_with_a_wrongly_typed_precondition_is_a_400_that_names_the_field()
    {
        await using TestServer server = await TestServer.StartAsync();
        server.Seed("shop", "a");

        (int status, JsonObject body) = await server.SendAsync(HttpMethod.Delete, TestServer.In("shop") + "/a", JsonNode.Parse("""{"preconditions":{"resourceVersion":7}}"""));

        Assert.Equal(400, status);
        Assert.Contains("preconditions.resourceVersion", body["message"]!.GetValue<string>());
        Assert.NotNull(server.Server.Objects.Get(server.Slices, "shop", "a"));
    }
}

internal static class JsonObjectExtensions
{
    public static JsonObject Also(this JsonObject obj, Action<JsonObject> change)
    {
        change(obj);
        return obj;
    }
}

public sealed class JsonPatchTests
{
    private const string JsonPatchType = "application/json-patch+json";

    [Fact]
    public async Task A_JSON_patch_applies_add_replace_remove_move_copy_and_test_in_order()
    {
        await using TestServer server = await TestServer.StartAsync();
        server.Seed("shop", "a", endpoints: 2);
        JsonNode patch = JsonNode.Parse("""
            [
              {"op":"test","path":"/addressType","value":"IPv4"},
              {"op":"add","path":"/metadata/labels/tier","value":"gold"},
              {"op":"replace","path":"/endpoints/0/conditions/ready","value":false},
              {"op":"remove","path":"/endpoints/1"},
              {"op":"copy","from":"/metadata/labels/tier","path":"/metadata/labels/copied"},
              {"op":"move","from":"/metadata/labels/copied","path":"/metadata/labels/moved"},
              {"op":"add","path":"/ports/-","value":{"name":"https","port":443}}
            ]
            """)!;

        (int status, JsonObject patched) = await server.SendAsync(HttpMethod.Patch, TestServer.In("shop") + "/a", patch, JsonPatchType);

        Assert.Equal(200, status);
        Assert.Equal("gold", patched["metadata"]!["labels"]!["tier"]!.GetValue<string>());
        Assert.Equal("gold", patched["metadata"]!["labels"]!["moved"]!.GetValue<string>());
        Assert.Null(patched["metadata"]!["labels"]!["copied"]);
        Assert.Single(patched["endpoints"]!.AsArray());
        Assert.False(patched["endpoints"]![0]!["conditions"]!["ready"]!.GetValue<bool>());
        Assert.Equal(443, patched["ports"]![1]!["port"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_failing_JSON_patch_test_changes_nothing_and_says_which_operation_failed()
    {
        await using TestServer server = await TestServer.StartAsync();
        server.Seed("shop", "a");
        JsonNode patch = JsonNode.Parse("""[{"op":"add","path":"/metadata/labels/x","value":"1"},{"op":"test","path":"/addressType","value":"IPv6"}]""")!;

        (int status, JsonObject body) = await server.SendAsync(HttpMethod.Patch, TestServer.In("shop") + "/a", patch, JsonPatchType);

        Assert.Equal(422, status);
        Assert.Contains("operation 1 (test /addressType)", body["message"]!.GetValue<string>());
        Assert.Null(server.Server.Objects.Get(server.Slices, "shop", "a")!["metadata"]!["labels"]!["x"]);
    }

    [Fact]
    public async Task A_JSON_patch_to_a_missing_path_is_refused_with_the_path()
    {
        await using TestServer server = await TestServer.StartAsync();
        server.Seed("shop", "a");

        (int status, JsonObject body) = await server.SendAsync(HttpMethod.Patch, TestServer.In("shop") + "/a", JsonNode.Parse("""[{"op":"remove","path":"/spec/nothing"}]"""), JsonPatchType);

        Assert.Equal(422, status);
        Assert.Contains("remove /spec/nothing", body["message"]!.GetValue<string>());
    }
}
