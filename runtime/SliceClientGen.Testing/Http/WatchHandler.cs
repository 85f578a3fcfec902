using System;
using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using SliceClientGen.Testing.Protocol;
using SliceClientGen.Testing.Storage;

namespace SliceClientGen.Testing.Http;

/// <summary>
/// <c>?watch=true</c>: newline-delimited <c>{"type":…,"object":…}</c> events from a resource version (or the current
/// objects as ADDED first), filtered by selectors, with bookmarks when asked, a 410 ERROR event when the resource version
/// was compacted, and an end after <c>timeoutSeconds</c>.
/// </summary>
internal sealed class WatchHandler
{
    private static readonly TimeSpan DropGrace = TimeSpan.FromMilliseconds(250);
    private static readonly byte[] NewLine = "\n"u8.ToArray();
    private readonly ServerContext _server;

    public WatchHandler(ServerContext server) => _server = server;

    public async Task WatchAsync(HttpContext context, ApiResource resource, string? @namespace, ListOptions options)
    {
        LabelSelector labels = LabelSelector.Parse(options.LabelSelector);
        FieldSelector fields = FieldSelector.Parse(options.FieldSelector, resource);
        bool bookmarks = options.AllowWatchBookmarks;
        bool? sendInitialEvents = options.SendInitialEvents;
        string rvText = options.ResourceVersion;
        long? from = null;
        if (rvText.Length > 0 && rvText != "0")
        {
            if (!long.TryParse(rvText, NumberStyles.None, CultureInfo.InvariantCulture, out long parsed))
            {
                throw StatusError.BadRequest($"resourceVersion: Invalid value: \"{rvText}\": must be a resource version this server returned");
            }

            from = parsed;
        }

        if (sendInitialEvents == true)
        {
            from = null;
        }
        else if (sendInitialEvents == false && from is null)
        {
            // No initial events and no resource version: changes from now on only.
            from = _server.Store.Revision;
        }

        // timeoutSeconds (unset or not positive: the server's own limit), capped at a day.
        TimeSpan timeout = options.TimeoutSeconds is > 0 and var seconds
            ? TimeSpan.FromSeconds(Math.Min(seconds, 24 * 3600))
            : _server.Options.DefaultWatchTimeout;

        WatchFault? plan = _server.Faults.TakeWatchPlan();
        if (plan is { Kind: WatchFaultKind.Reject })
        {
            throw new StatusError(plan.StatusCode, plan.Reason, plan.Message);
        }

        ResourceTable table = _server.Store.Table(resource);
        var watcher = new Watcher(_server.Options.WatchQueueLimit);
        long bookmarksAsked = _server.Faults.BookmarkRequests.Count;
        WatchStart? start = _server.Store.Subscribe(table, from, watcher);
        try
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            context.Response.Headers.CacheControl = "no-cache, private";
            using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _server.Stopping);
            var stream = new EventWriter(context, resource, labels, fields, @namespace, _server.Faults.DropWatchAfterEvents, plan, lifetime.Token)
            {
                Table = Tables.Requested(context.Request) is { } tableVersion ? (_server.Tables, tableVersion, Tables.IncludeObject(context.Request)) : null,
            };
            if (start is null)
            {
                long compacted = _server.Store.CompactedRevision;
                var expired = new StatusError(410, "Expired", $"too old resource version: {from} ({compacted})");
                await stream.WriteErrorAsync(expired).ConfigureAwait(false);
                return;
            }

            await context.Response.StartAsync(context.RequestAborted).ConfigureAwait(false);
            lifetime.CancelAfter(timeout);
            if (!await stream.ApplyPlanAsync().ConfigureAwait(false))
            {
                return;
            }

            if (start.Initial is not null)
            {
                foreach (StoredObject obj in start.Initial)
                {
                    if (!await stream.WriteAsync("ADDED", obj).ConfigureAwait(false))
                    {
                        return;
                    }
                }

                if (bookmarks && sendInitialEvents == true && !await stream.WriteBookmarkAsync(start.Revision, initialEventsEnd: true).ConfigureAwait(false))
                {
                    return;
                }
            }

            foreach (WatchRecord record in start.Replay)
            {
                if (!await stream.WriteAsync(record).ConfigureAwait(false))
                {
                    return;
                }
            }

            await stream.FlushAsync().ConfigureAwait(false);
            await PumpAsync(watcher, stream, bookmarks, bookmarksAsked, lifetime.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            // timeoutSeconds (or the server's limit) reached: the stream ends cleanly.
        }
        finally
        {
            _server.Store.Unsubscribe(table, watcher);
        }
    }

    /// <summary>
    /// Streams the watcher's writes until the watch ends; with bookmarks, sends one every
    /// <see cref="KubeApiServerOptions.BookmarkInterval"/> and whenever <see cref="ServerFaults.SendBookmarks"/> asks.
    /// </summary>
    private async Task PumpAsync(Watcher watcher, EventWriter stream, bool bookmarks, long bookmarksAsked, CancellationToken token)
    {
        ChannelReader<WatchRecord> reader = watcher.Reader;
        TimeSpan interval = _server.Options.BookmarkInterval;
        long lastBookmark = _server.Time.GetTimestamp();
        while (true)
        {
            while (watcher.TryRead(out WatchRecord? record))
            {
                if (!await stream.WriteAsync(record).ConfigureAwait(false))
                {
                    return;
                }
            }

            await stream.FlushAsync().ConfigureAwait(false);
            if (!bookmarks)
            {
                if (!await reader.WaitToReadAsync(token).ConfigureAwait(false))
                {
                    return;
                }

                continue;
            }

            (long asked, Task nextAsk) = _server.Faults.BookmarkRequests;
            TimeSpan wait = interval - _server.Time.GetElapsedTime(lastBookmark);
            if (asked != bookmarksAsked || wait <= TimeSpan.Zero)
            {
                if (_server.Store.BookmarkRevision(watcher) is { } revision)
                {
                    bookmarksAsked = asked;
                    if (!await stream.WriteBookmarkAsync(revision, initialEventsEnd: false).ConfigureAwait(false))
                    {
                        return;
                    }

                    await stream.FlushAsync().ConfigureAwait(false);
                    lastBookmark = _server.Time.GetTimestamp();
                }

                // Otherwise writes are queued: they go first, the bookmark after them.
                continue;
            }

            // The interval runs on the server's clock (KubeApiServerOptions.TimeProvider), like the elapsed time above.
            using var due = new CancellationTokenSource(wait, _server.Time);
            using var delay = CancellationTokenSource.CreateLinkedTokenSource(token, due.Token);
            Task<bool> read = reader.WaitToReadAsync(delay.Token).AsTask();
            try
            {
                if (await Task.WhenAny(read, nextAsk).ConfigureAwait(false) == read && !await read.ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (!token.IsCancellationRequested)
            {
                // Time for a bookmark.
            }
            finally
            {
                // A wait left behind by a bookmark request must not linger on the channel.
                await delay.CancelAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Writes events that pass the selectors, turning selector transitions into ADDED/DELETED as the API server does.</summary>
    private sealed class EventWriter
    {
        private readonly HttpContext _context;
        private readonly ApiResource _resource;
        private readonly LabelSelector _labels;
        private readonly FieldSelector _fields;
        private readonly string? _namespace;
        private readonly int? _dropAfter;
        private readonly WatchFault? _plan;
        private readonly CancellationToken _lifetime;
        private readonly Utf8JsonWriter _writer;
        private int _sent;
        private int _written;
        private bool _tableHeadersSent;

        /// <summary>When set, each event's object is a one-row Table (column definitions on the first only), as for <c>kubectl get -w</c>.</summary>
        public (Tables Tables, string ApiVersion, string IncludeObject)? Table { get; init; }
        private long _unflushed;

        public EventWriter(HttpContext context, ApiResource resource, LabelSelector labels, FieldSelector fields, string? @namespace, int? dropAfter, WatchFault? plan, CancellationToken lifetime)
        {
            _context = context;
            _resource = resource;
            _labels = labels;
            _fields = fields;
            _namespace = @namespace;
            _dropAfter = dropAfter;
            _plan = plan;
            _lifetime = lifetime;
            _writer = new Utf8JsonWriter(context.Response.BodyWriter, JsonResponses.WriterOptions);
        }

        /// <summary>
        /// Carries out the watch's plan once it has written the planned number of events: false when the stream must
        /// stop (ended, dropped, stalled until the client left, or ended by an ERROR event).
        /// </summary>
        public async ValueTask<bool> ApplyPlanAsync()
        {
            if (_plan is not { } plan || _written != plan.AfterEvents)
            {
                return true;
            }

            await FlushAsync().ConfigureAwait(false);
            if (plan.When is { } when)
            {
                await when.WaitAsync(_lifetime).ConfigureAwait(false);
            }

            switch (plan.Kind)
            {
                case WatchFaultKind.Drop:
                    if (plan.When is null)
                    {
                        await Task.Delay(DropGrace, _context.RequestAborted).ConfigureAwait(false);
                    }

                    _context.Abort();
                    break;
                case WatchFaultKind.Stall:
                    await Task.Delay(Timeout.InfiniteTimeSpan, _lifetime).ConfigureAwait(false);
                    break;
                case WatchFaultKind.Error:
                    await WriteErrorAsync(new StatusError(plan.StatusCode, plan.Reason, plan.Message)).ConfigureAwait(false);
                    break;
            }

            return false;
        }

        public ValueTask<bool> WriteAsync(WatchRecord record)
        {
            bool now = Matches(record.Object);
            bool before = record.Previous is not null && Matches(record.Previous);
            string? type = record.Type switch
            {
                "ADDED" => now ? "ADDED" : null,
                "DELETED" => before ? "DELETED" : null,
                _ when now && before => "MODIFIED",
                _ when now => "ADDED",
                _ when before => "DELETED",
                _ => null,
            };
            return type is null ? ValueTask.FromResult(true) : WriteAsync(type, record.Object, filtered: true);
        }

        public ValueTask<bool> WriteAsync(string type, StoredObject obj) => WriteAsync(type, obj, filtered: false);

        public async ValueTask<bool> WriteBookmarkAsync(long revision, bool initialEventsEnd)
        {
            _writer.WriteStartObject();
            _writer.WriteString("type", "BOOKMARK");
            _writer.WriteStartObject("object");
            _writer.WriteString("kind", _resource.Kind);
            _writer.WriteString("apiVersion", _resource.GroupVersion);
            _writer.WriteStartObject("metadata");
            _writer.WriteString("resourceVersion", ResourceStore.Format(revision));
            if (initialEventsEnd)
            {
                _writer.WriteStartObject("annotations");
                _writer.WriteString("k8s.io/initial-events-end", "true");
                _writer.WriteEndObject();
            }

            _writer.WriteEndObject();
            _writer.WriteEndObject();
            _writer.WriteEndObject();
            await EndEventAsync().ConfigureAwait(false);
            _written++;
            return await ApplyPlanAsync().ConfigureAwait(false);
        }

        public async ValueTask WriteErrorAsync(StatusError error)
        {
            _writer.WriteStartObject();
            _writer.WriteString("type", "ERROR");
            _writer.WritePropertyName("object");
            error.ToStatus().WriteTo(_writer);
            _writer.WriteEndObject();
            await EndEventAsync().ConfigureAwait(false);
            await FlushAsync().ConfigureAwait(false);
        }

        public async ValueTask FlushAsync()
        {
            _writer.Flush();
            _unflushed = 0;
            await _context.Response.BodyWriter.FlushAsync(_context.RequestAborted).ConfigureAwait(false);
        }

        private async ValueTask<bool> WriteAsync(string type, StoredObject obj, bool filtered)
        {
            if (!filtered && !Matches(obj))
            {
                return true;
            }

            if (_dropAfter is { } limit && _sent >= limit)
            {
                // Let the events already sent arrive before the connection is cut: a reset discards data the client
                // has received but not read yet.
                await FlushAsync().ConfigureAwait(false);
                await Task.Delay(DropGrace, _context.RequestAborted).ConfigureAwait(false);
                _context.Abort();
                return false;
            }

            _writer.WriteStartObject();
            _writer.WriteString("type", type);
            _writer.WritePropertyName("object");
            if (Table is { } table)
            {
                var metadata = new JsonObject { ["resourceVersion"] = ResourceStore.Format(obj.ResourceVersion) };
                table.Tables.Table(table.ApiVersion, _resource, new[] { obj.ToJsonObject() }, metadata, table.IncludeObject, noHeaders: _tableHeadersSent).WriteTo(_writer);
                _tableHeadersSent = true;
            }
            else
            {
                _writer.WriteRawValue(obj.Json, skipInputValidation: true);
            }

            _writer.WriteEndObject();
            await EndEventAsync().ConfigureAwait(false);
            _sent++;
            _written++;
            if (_unflushed > 64 * 1024)
            {
                await FlushAsync().ConfigureAwait(false);
            }

            return await ApplyPlanAsync().ConfigureAwait(false);
        }

        private ValueTask EndEventAsync()
        {
            _writer.Flush();
            _unflushed += _writer.BytesCommitted + 1;
            _context.Response.BodyWriter.Write(NewLine);
            _writer.Reset();
            return ValueTask.CompletedTask;
        }

        private bool Matches(StoredObject obj) =>
            (_namespace is null || obj.Namespace == _namespace) && _fields.Matches(obj) && _labels.Matches(obj.Labels);
    }
}
