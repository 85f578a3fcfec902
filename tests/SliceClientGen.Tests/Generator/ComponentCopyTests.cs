using SliceClientGen.Tests.Infrastructure;
using Xunit;
using static SliceClientGen.Tests.Generator.InlineDocument;

namespace SliceClientGen.Tests.Generator;

/// <summary>
/// An inline schema identical to a component schema is typed as that component (no type of its own): identical as
/// Microsoft.OpenApi reads them, except the top-level title, example(s), externalDocs, $comment and null type, which do
/// not change the generated type. Anything that changes the generated code keeps the inline schema's own type.
/// </summary>
public sealed class ComponentCopyTests
{
    // One line of YAML each, so they can be written at any depth of a document.
    private const string User = "{type: object, description: A user., required: [id], properties: {id: {type: integer, format: int64}, login: {type: string}}}";
    private const string State = "{type: string, description: The state., enum: [open, closed]}";

    private const string Components = "    User: " + User + "\n    State: " + State + "\n";

    [Fact]
    public void Inline_object_identical_to_a_component_is_typed_as_the_component()
    {
        GeneratorRun run = RunClean(Components + "    Post:\n      type: object\n      properties:\n        author: " + User + "\n");

        Assert.Contains("public User? Author\n", run.Model("Post"), StringComparison.Ordinal);
        Assert.False(run.GeneratedSources.ContainsKey(HintOf("PostAuthor")));
    }

    [Fact]
    public void Inline_enum_identical_to_a_component_enum_is_typed_as_the_component()
    {
        GeneratorRun run = RunClean(Components + "    Post:\n      type: object\n      properties:\n        status: " + State + "\n");

        Assert.Contains("public State? Status\n", run.Model("Post"), StringComparison.Ordinal);
        Assert.False(run.GeneratedSources.ContainsKey(HintOf("PostStatus")));
    }

    [Theory]
    [InlineData("required: [login]", "required: [id]")]
    [InlineData("format: int32", "format: int64")]
    [InlineData("login: {type: string, format: date-time}", "login: {type: string}")]
    [InlineData("login: {type: [string, 'null']}", "login: {type: string}")]
    [InlineData("login: {type: string, default: octocat}", "login: {type: string}")]
    [InlineData("login: {type: string, readOnly: true}", "login: {type: string}")]
    [InlineData("login: {type: string, deprecated: true}", "login: {type: string}")]
    [InlineData("login: {type: string, description: The handle.}", "login: {type: string}")]
    [InlineData("login: {type: string}, name: {type: string}", "login: {type: string}")]
    [InlineData("additionalProperties: false, properties:", "properties:")]
    [InlineData("type: object, deprecated: true", "type: object")]
    [InlineData("description: Another user.", "description: A user.")]
    [InlineData("x-kubernetes-preserve-unknown-fields: true, properties:", "properties:")]
    public void Inline_object_differing_in_anything_but_its_top_level_annotations_keeps_its_own_type(string inlineText, string componentText)
    {
        string inline = User.Replace(componentText, inlineText, StringComparison.Ordinal);
        Assert.NotEqual(User, inline);

        GeneratorRun run = RunClean(Components + "    Post:\n      type: object\n      properties:\n        author: " + inline + "\n");

        Assert.Contains("public PostAuthor? Author\n", run.Model("Post"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("enum: [open, closed, merged]")]
    [InlineData("enum: [closed, open]")]
    public void Inline_enum_with_other_values_keeps_its_own_type(string values)
    {
        string inline = State.Replace("enum: [open, closed]", values, StringComparison.Ordinal);

        GeneratorRun run = RunClean(Components + "    Post:\n      type: object\n      properties:\n        status: " + inline + "\n");

        Assert.Contains("public PostStatus? Status\n", run.Model("Post"), StringComparison.Ordinal);
    }

    [Fact]
    public void Inline_enum_of_the_same_values_that_describes_another_meaning_keeps_its_own_type()
    {
        string inline = State.Replace("The state.", "Whether the review thread is open.", StringComparison.Ordinal);

        GeneratorRun run = RunClean(Components + "    Post:\n      type: object\n      properties:\n        status: " + inline + "\n");

        Assert.Contains("public PostStatus? Status\n", run.Model("Post"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("title: Author, type: object")]
    [InlineData("example: {id: 1}, type: object")]
    [InlineData("examples: [{id: 1}], type: object")]
    [InlineData("externalDocs: {url: 'https://example.com'}, type: object")]
    [InlineData("$comment: written out by hand, type: object")]
    public void Inline_copy_with_its_own_title_example_or_docs_link_is_typed_as_the_component(string annotated)
    {
        string inline = User.Replace("type: object", annotated, StringComparison.Ordinal);

        GeneratorRun run = RunClean(Components + "    Post:\n      type: object\n      properties:\n        author: " + inline + "\n");

        Assert.Contains("public User? Author\n", run.Model("Post"), StringComparison.Ordinal);
    }

    [Fact]
    public void Nullable_inline_copy_is_typed_as_the_component_and_the_property_stays_nullable()
    {
        string inline = User.Replace("type: object", "type: [object, 'null']", StringComparison.Ordinal);

        GeneratorRun run = RunClean(Components + "    Post:\n      type: object\n      properties:\n        author: " + inline + "\n        editor: " + User + "\n      required: [author, editor]\n");

        Assert.Contains("public User? Author\n", run.Model("Post"), StringComparison.Ordinal);
        Assert.Contains("public User Editor\n", run.Model("Post"), StringComparison.Ordinal);
    }

    [Fact]
    public void OpenApi_3_0_nullable_inline_copy_is_typed_as_the_component()
    {
        GeneratorRun run = RunClean(
            "openapi: 3.0.3\n" + Info + "paths: {}\ncomponents:\n  schemas:\n" + Components
            + "    Post:\n      type: object\n      properties:\n        author: " + User.Replace("type: object", "type: object, nullable: true", StringComparison.Ordinal) + "\n",
            header: string.Empty);

        Assert.Contains("public User? Author\n", run.Model("Post"), StringComparison.Ordinal);
    }

    [Fact]
    public void Inline_copy_of_several_identical_components_is_typed_as_the_first_in_document_order()
    {
        GeneratorRun run = RunClean("    Member: " + User + "\n" + Components + "    Post:\n      type: object\n      properties:\n        author: " + User + "\n");

        Assert.Contains("public Member? Author\n", run.Model("Post"), StringComparison.Ordinal);
    }

    [Fact]
    public void Inline_copy_of_several_components_is_typed_as_the_one_it_copies_exactly()
    {
        string nullableUser = User.Replace("type: object", "type: [object, 'null']", StringComparison.Ordinal);

        GeneratorRun run = RunClean(
            Components + "    NullableUser: " + nullableUser + "\n"
            + "    Post:\n      type: object\n      properties:\n        author: " + nullableUser + "\n        editor: " + User + "\n");

        Assert.Contains("public NullableUser? Author\n", run.Model("Post"), StringComparison.Ordinal);
        Assert.Contains("public User? Editor\n", run.Model("Post"), StringComparison.Ordinal);
    }

    [Fact]
    public void Identical_components_each_keep_their_own_type()
    {
        GeneratorRun run = RunClean("    Member: " + User + "\n" + Components);

        Assert.True(run.GeneratedSources.ContainsKey(HintOf("Member")));
        Assert.True(run.GeneratedSources.ContainsKey(HintOf("User")));
    }

    [Fact]
    public void Inline_copy_nested_in_an_inline_object_is_typed_as_the_component()
    {
        GeneratorRun run = RunClean(
            Components + "    Post:\n      type: object\n      properties:\n        review:\n          type: object\n          properties:\n            reviewer: " + User + "\n");

        Assert.Contains("public PostReview? Review\n", run.Model("Post"), StringComparison.Ordinal);
        Assert.Contains("public User? Reviewer\n", run.Model("PostReview"), StringComparison.Ordinal);
    }

    [Fact]
    public void Inline_copies_as_array_items_and_map_values_are_typed_as_the_component()
    {
        GeneratorRun run = RunClean(
            Components + "    Post:\n      type: object\n      properties:\n"
            + "        readers: {type: array, items: " + User + "}\n"
            + "        byLogin: {type: object, additionalProperties: " + User + "}\n"
            + "        states: {type: array, items: " + State + "}\n");

        string post = run.Model("Post");
        Assert.Contains("public IList<User>? Readers\n", post, StringComparison.Ordinal);
        Assert.Contains("public IDictionary<string, User>? ByLogin\n", post, StringComparison.Ordinal);
        Assert.Contains("public IList<State>? States\n", post, StringComparison.Ordinal);
    }

    [Fact]
    public void Inline_copy_in_an_operation_response_is_typed_as_the_component()
    {
        GeneratorRun run = RunClean(
            Components,
            header: Start + "paths:\n  /me:\n    get:\n      operationId: getMe\n      responses:\n        '200':\n          description: OK\n"
                + "          content:\n            application/json:\n              schema: " + User + "\ncomponents:\n  schemas:\n");

        Assert.Contains("Task<User> GetMeAsync(", run.Client(), StringComparison.Ordinal);
    }

    [Fact]
    public void Inline_copy_that_writes_out_what_the_component_references_keeps_its_own_type()
    {
        // A $ref is compared as the reference it is: Team references User, the inline schema writes User out.
        const string Team = "{type: object, properties: {lead: {$ref: '#/components/schemas/User'}}}";
        string writtenOut = Team.Replace("{$ref: '#/components/schemas/User'}", User, StringComparison.Ordinal);

        GeneratorRun run = RunClean(Components + "    Team: " + Team + "\n    Post:\n      type: object\n      properties:\n        team: " + writtenOut + "\n");

        Assert.Contains("public PostTeam? Team\n", run.Model("Post"), StringComparison.Ordinal);
        Assert.Contains("public User? Lead\n", run.Model("PostTeam"), StringComparison.Ordinal);
    }

    [Fact]
    public void Inline_copy_of_a_variant_of_a_discriminated_base_keeps_its_own_type()
    {
        const string Pet = "{type: object, required: [kind], properties: {kind: {type: string}}, discriminator: {propertyName: kind}}";
        const string Cat = "{allOf: [{$ref: '#/components/schemas/Pet'}, {type: object, properties: {lives: {type: integer}}}]}";

        GeneratorRun run = RunClean("    Pet: " + Pet + "\n    Cat: " + Cat + "\n    Home:\n      type: object\n      properties:\n        cat: " + Cat + "\n");

        Assert.Contains("public HomeCat? Cat\n", run.Model("Home"), StringComparison.Ordinal);
    }

    private static string HintOf(string typeName) => "Contoso.Test.TClient." + typeName + ".g.cs";

    /// <summary>Generates from the schemas (indented by four) after <paramref name="header"/>; no diagnostics, code that compiles.</summary>
    private static GeneratorRun RunClean(string schemas, string header = SchemasHeader)
    {
        GeneratorRun run = Run(header + schemas);
        run.AssertNoDiagnostics();
        return run;
    }
}
