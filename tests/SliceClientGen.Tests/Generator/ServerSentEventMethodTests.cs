using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SliceClientGen.Tests.Infrastructure;
using Xunit;
using static SliceClientGen.Tests.Generator.InlineDocument;

namespace SliceClientGen.Tests.Generator;

/// <summary>
/// The method yielding whole server-sent events: its name beside the operation's own (never a doubled "Events"), and
/// the last event ID it resumes after (its own <c>lastEventId</c> argument, or the document's <c>Last-Event-ID</c> header).
/// </summary>
public sealed class ServerSentEventMethodTests
{
    [Theory]
    [InlineData("streamChat", "StreamChatAsync", "StreamChatEventsAsync")]
    [InlineData("streamEvents", "StreamEventsAsync", "StreamServerSentEventsAsync")]
    [InlineData("followEvent", "FollowEventAsync", "FollowServerSentEventsAsync")]
    [InlineData("events", "EventsAsync", "ServerSentEventsAsync")]
    [InlineData("streamServerSentEvents", "StreamServerSentEventsAsync", "StreamServerSentEvents2Async")]
    public void The_events_method_is_named_after_the_operation_without_doubling_events(string operationId, string itemsMethod, string eventsMethod)
    {
        GeneratorRun run = GeneratorHarness.Run([Documents.Inline("doc.yml", Stream(operationId))]);

        run.AssertNoDiagnostics();
        Assert.Equal(new[] { itemsMethod, eventsMethod }.Order(System.StringComparer.Ordinal), ClientMethods(run).Distinct().Order(System.StringComparer.Ordinal));
    }

    [Fact]
    public void An_events_method_whose_name_the_document_already_uses_is_numbered()
    {
        GeneratorRun run = GeneratorHarness.Run([Documents.Inline("doc.yml", Stream("streamEvents", extraOperationId: "streamServerSentEvents"))]);

        run.AssertNoDiagnostics();
        Assert.Contains("StreamServerSentEvents2Async", ClientMethods(run));
    }

    [Fact]
    public void The_events_method_takes_the_last_event_id_to_resume_after_and_passes_it_to_the_runtime()
    {
        string client = Run(Stream("streamEvents")).Client();

        Assert.Contains("StreamServerSentEventsAsync(string? lastEventId = null, StreamingOptions? streamingOptions = null, CancellationToken cancellationToken = default)", client, System.StringComparison.Ordinal);
        Assert.Contains("streamingOptions, lastEventId, cancellationToken);", client, System.StringComparison.Ordinal);
        Assert.Contains("StreamEventsAsync(StreamingOptions? streamingOptions = null, CancellationToken cancellationToken = default)", client, System.StringComparison.Ordinal);
    }

    [Fact]
    public void A_declared_Last_Event_ID_header_is_the_argument_the_events_method_resumes_with()
    {
        string client = Run(Stream("streamEvents", lastEventIdHeader: true)).Client();

        Assert.Contains("StreamServerSentEventsAsync(string? lastEventID = null, StreamingOptions? streamingOptions = null, CancellationToken cancellationToken = default)", client, System.StringComparison.Ordinal);
        Assert.Contains("streamingOptions, lastEventID, cancellationToken);", client, System.StringComparison.Ordinal);
        Assert.DoesNotContain("lastEventId", client, System.StringComparison.Ordinal);
    }

    private static string[] ClientMethods(GeneratorRun run) =>
        run.OutputCompilation.SyntaxTrees.Single(t => t.FilePath.EndsWith("Contoso.Test.TClient.g.cs", System.StringComparison.Ordinal))
            .GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>()
            .Where(m => m.Modifiers.Any(modifier => modifier.Text == "public"))
            .Select(m => m.Identifier.Text)
            .ToArray();

    private static string Stream(string operationId, string? extraOperationId = null, bool lastEventIdHeader = false) => Start + $$"""
        paths:
          /events:
            get:
              operationId: {{operationId}}
        {{(lastEventIdHeader ? "      parameters:\n        - { name: Last-Event-ID, in: header, schema: { type: string } }\n" : string.Empty)}}      responses:
                '200':
                  description: Events
                  content:
                    text/event-stream:
                      schema: { type: string }
        {{(extraOperationId is null ? string.Empty : "  /other:\n    get:\n      operationId: " + extraOperationId + "\n      responses:\n        '204':\n          description: Nothing\n")}}
        """;
}
