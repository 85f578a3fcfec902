using SliceClientGen.Tests.Infrastructure;
using Xunit;
using static SliceClientGen.Tests.Generator.InlineDocument;

namespace SliceClientGen.Tests.Generator;

/// <summary>
/// Inline schemas identical to one another (as <see cref="ComponentCopyTests"/> means identical) and to no component
/// share one generated type: the first in document order, named by the longest common suffix of the names the copies
/// would have had when that has two words or more and no other type has it, else by the first copy's name.
/// </summary>
public sealed class InlineCopyTests
{
    // One line of YAML each, so they can be written at any depth of a document.
    private const string State = "{type: string, description: The state., enum: [open, closed]}";
    private const string Author = "{type: object, description: Who wrote it., properties: {login: {type: string}, role: {type: string, enum: [owner, member]}}}";

    [Fact]
    public void Identical_inline_enums_under_different_properties_share_one_type()
    {
        GeneratorRun run = RunClean(Schema("Post", "state", State) + Schema("Issue", "state", State));

        Assert.Contains("public PostState? State\n", run.Model("Post"), StringComparison.Ordinal);
        Assert.Contains("public PostState? State\n", run.Model("Issue"), StringComparison.Ordinal);
        Assert.False(run.GeneratedSources.ContainsKey(HintOf("IssueState")));
    }

    [Fact]
    public void Identical_inline_objects_share_one_type_whose_properties_are_typed_once()
    {
        GeneratorRun run = RunClean(Schema("Post", "author", Author) + Schema("Issue", "author", Author));

        Assert.Contains("public PostAuthor? Author\n", run.Model("Issue"), StringComparison.Ordinal);
        Assert.False(run.GeneratedSources.ContainsKey(HintOf("IssueAuthor")));
        Assert.Contains("public AuthorRole? Role\n", run.Model("PostAuthor"), StringComparison.Ordinal);
        Assert.False(run.GeneratedSources.ContainsKey(HintOf("PostAuthorRole")));
        Assert.False(run.GeneratedSources.ContainsKey(HintOf("IssueAuthorRole")));
    }

    [Fact]
    public void Inline_enums_of_the_same_values_that_describe_different_meanings_keep_their_own_types()
    {
        string other = State.Replace("The state.", "Whether the thread is open.", StringComparison.Ordinal);

        GeneratorRun run = RunClean(Schema("Post", "state", State) + Schema("Issue", "state", other));

        Assert.Contains("public PostState? State\n", run.Model("Post"), StringComparison.Ordinal);
        Assert.Contains("public IssueState? State\n", run.Model("Issue"), StringComparison.Ordinal);
    }

    [Fact]
    public void Inline_copies_differing_only_in_title_and_example_share_one_type()
    {
        string annotated = State.Replace("type: string", "title: Issue state, example: open, type: string", StringComparison.Ordinal);

        GeneratorRun run = RunClean(Schema("Post", "state", State) + Schema("Issue", "state", annotated));

        Assert.Contains("public PostState? State\n", run.Model("Issue"), StringComparison.Ordinal);
    }

    [Fact]
    public void Shared_type_is_named_by_the_longest_common_suffix_of_whole_words()
    {
        GeneratorRun run = RunClean(Schema("PullRequest", "reviewState", State) + Schema("Issue", "lastReviewState", State));

        Assert.Contains("public ReviewState? LastReviewState\n", run.Model("Issue"), StringComparison.Ordinal);
        Assert.Contains("Contoso.Test.ReviewState? ReviewState\n", run.Model("PullRequest"), StringComparison.Ordinal);
        Assert.False(run.GeneratedSources.ContainsKey(HintOf("PullRequestReviewState")));
        Assert.False(run.GeneratedSources.ContainsKey(HintOf("IssueLastReviewState")));
    }

    [Fact]
    public void Common_suffix_inside_a_word_does_not_count()
    {
        GeneratorRun run = RunClean(Schema("Post", "unreviewedState", State) + Schema("Issue", "reviewedState", State));

        Assert.Contains("public PostUnreviewedState? ReviewedState\n", run.Model("Issue"), StringComparison.Ordinal);
    }

    [Fact]
    public void Shared_type_with_a_one_word_common_suffix_has_the_name_of_the_first_copy_in_document_order()
    {
        GeneratorRun run = RunClean(Schema("Review", "state", State) + Schema("Post", "state", State) + Schema("Issue", "state", State));

        Assert.Contains("public ReviewState? State\n", run.Model("Post"), StringComparison.Ordinal);
        Assert.Contains("#/components/schemas/Review/properties/state", run.Model("ReviewState"), StringComparison.Ordinal);
        Assert.False(run.GeneratedSources.ContainsKey(HintOf("PostState")));
    }

    [Fact]
    public void Common_suffix_another_type_has_falls_back_to_the_first_copy_name()
    {
        const string Taken = "    ReviewState: {type: object, properties: {count: {type: integer}}}\n";

        GeneratorRun run = RunClean(Schema("PullRequest", "reviewState", State) + Schema("Issue", "lastReviewState", State) + Taken);

        Assert.Contains("public PullRequestReviewState? LastReviewState\n", run.Model("Issue"), StringComparison.Ordinal);
        Assert.Contains("public int? Count\n", run.Model("ReviewState"), StringComparison.Ordinal);
    }

    [Fact]
    public void Common_suffix_is_given_to_the_first_group_in_document_order_and_the_next_falls_back()
    {
        string other = State.Replace("The state.", "Whether the thread is open.", StringComparison.Ordinal);

        GeneratorRun run = RunClean(
            Schema("PullRequest", "reviewState", State) + Schema("Issue", "lastReviewState", State)
            + Schema("Thread", "reviewState", other) + Schema("Comment", "firstReviewState", other));

        Assert.Contains("public ReviewState? LastReviewState\n", run.Model("Issue"), StringComparison.Ordinal);
        Assert.Contains("public ThreadReviewState? FirstReviewState\n", run.Model("Comment"), StringComparison.Ordinal);
    }

    [Fact]
    public void Copy_whose_own_name_clashed_warns_of_no_clash_once_it_shares_the_first_copy_type()
    {
        // Alone, Issue.state would be IssueState2 with an SCG0004 warning (the component IssueState has the name).
        const string Taken = "    IssueState: {type: object, properties: {count: {type: integer}}}\n";

        GeneratorRun run = RunClean(Schema("Post", "state", State) + Schema("Issue", "state", State) + Taken);

        Assert.Contains("public PostState? State\n", run.Model("Issue"), StringComparison.Ordinal);
        Assert.False(run.GeneratedSources.ContainsKey(HintOf("IssueState2")));
    }

    [Fact]
    public void Inline_copy_in_an_operation_shares_the_type_of_the_copies_in_components_which_name_it()
    {
        // The paths come before the components in the document, but a copy inside a component schema names the type.
        GeneratorRun run = RunClean(
            Schema("Post", "state", State) + Schema("Issue", "state", State),
            header: Start + "paths:\n  /issues:\n    get:\n      operationId: listIssues\n      parameters:\n"
                + "        - {name: state, in: query, schema: " + State + "}\n"
                + "      responses:\n        '204':\n          description: No content\ncomponents:\n  schemas:\n");

        Assert.Contains("PostState? state = null", run.Client(), StringComparison.Ordinal);
        Assert.Contains("public PostState? State\n", run.Model("Issue"), StringComparison.Ordinal);
        Assert.Contains("#/components/schemas/Post/properties/state", run.Model("PostState"), StringComparison.Ordinal);
        Assert.False(run.GeneratedSources.ContainsKey(HintOf("ListIssuesState")));
    }

    [Fact]
    public void Inline_copies_only_in_operations_share_the_type_of_the_first_in_document_order()
    {
        GeneratorRun run = RunClean(
            Schema("Post", "title", "{type: string}"),
            header: Start + "paths:\n  /issues:\n    get:\n      operationId: listIssues\n      parameters:\n"
                + "        - {name: state, in: query, schema: " + State + "}\n"
                + "      responses:\n        '204':\n          description: No content\n"
                + "  /pulls:\n    get:\n      operationId: listPulls\n      parameters:\n"
                + "        - {name: state, in: query, schema: " + State + "}\n"
                + "      responses:\n        '204':\n          description: No content\ncomponents:\n  schemas:\n");

        Assert.Contains("ListIssuesState? state = null", run.Client(), StringComparison.Ordinal);
        Assert.DoesNotContain("ListPullsState", run.Client(), StringComparison.Ordinal);
        Assert.Contains("#/paths/~1issues/get/parameters/0/schema", run.Model("ListIssuesState"), StringComparison.Ordinal);
    }

    [Fact]
    public void Union_inside_a_dropped_copy_is_dropped_with_it()
    {
        const string Labelled = "{type: object, properties: {label: {oneOf: [{type: string}, {type: integer}]}}}";

        GeneratorRun run = RunClean(Schema("Post", "tag", Labelled) + Schema("Issue", "tag", Labelled));

        Assert.Contains("public PostTagLabel? Label\n", run.Model("PostTag"), StringComparison.Ordinal);
        Assert.False(run.GeneratedSources.ContainsKey(HintOf("IssueTag")));
        Assert.False(run.GeneratedSources.ContainsKey(HintOf("IssueTagLabel")));
    }

    [Fact]
    public void Component_identical_to_inline_copies_is_still_their_type()
    {
        GeneratorRun run = RunClean(Schema("Post", "status", State) + Schema("Issue", "status", State) + "    State: " + State + "\n");

        Assert.Contains("public State? Status\n", run.Model("Post"), StringComparison.Ordinal);
        Assert.Contains("public State? Status\n", run.Model("Issue"), StringComparison.Ordinal);
        Assert.False(run.GeneratedSources.ContainsKey(HintOf("PostStatus")));
    }

    [Fact]
    public void Same_document_generates_the_same_output_twice()
    {
        string schemas = Schema("PullRequest", "reviewState", State) + Schema("Issue", "lastReviewState", State)
            + Schema("Post", "author", Author) + Schema("Issue2", "author", Author) + Schema("Thread", "state", State);

        GeneratorRun first = RunClean(schemas);
        GeneratorRun second = RunClean(schemas);

        Assert.Equal(first.RenderSources(), second.RenderSources());
    }

    /// <summary>The component <paramref name="name"/>: an object whose one property <paramref name="property"/> is <paramref name="schema"/>.</summary>
    private static string Schema(string name, string property, string schema) =>
        "    " + name + ":\n      type: object\n      properties:\n        " + property + ": " + schema + "\n";

    private static string HintOf(string typeName) => "Contoso.Test.TClient." + typeName + ".g.cs";

    /// <summary>Generates from the schemas (indented by four) after <paramref name="header"/>; no diagnostics, code that compiles.</summary>
    private static GeneratorRun RunClean(string schemas, string header = SchemasHeader)
    {
        GeneratorRun run = Run(header + schemas);
        run.AssertNoDiagnostics();
        return run;
    }
}
