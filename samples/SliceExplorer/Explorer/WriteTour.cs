using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using SliceClientGen.Runtime.Http;
using SliceExplorer.Kube;
using SliceExplorer.Output;

namespace SliceExplorer.Explorer;

/// <summary>
/// A slice of the sample's own through its whole life: a dry-run create (not stored), create, get, a merge patch of
/// one endpoint's readiness, a replace guarded by the resourceVersion (and a stale one refused), delete; then the
/// server's Status for a missing slice (404) and for an invalid one (422). Every outcome is checked: a server that
/// stores a dry run, accepts a stale replace or an invalid slice fails the sample.
/// </summary>
internal sealed class WriteTour
{
    public const string ServiceName = "sliceexplorer-demo";
    public const string ManagedBy = "sliceexplorer.example.com";
    public const string StageLabel = "sliceexplorer.example.com/stage";

    private readonly EndpointSlicesClient _client;
    private readonly string _namespace;
    private readonly Terminal _terminal;
    private readonly List<string> _failures = new();

    public WriteTour(EndpointSlicesClient client, string @namespace, Terminal terminal)
    {
        _client = client;
        _namespace = @namespace;
        _terminal = terminal;
    }

    /// <summary>What did not behave as Kubernetes does; empty when all did.</summary>
    public IReadOnlyList<string> Failures => _failures;

    /// <summary>The create/get/patch/replace/delete tour on a slice named <paramref name="name"/>.</summary>
    public async Task RunWritesAsync(string name, CancellationToken cancellationToken)
    {
        await DryRunAsync(name + "-dry", cancellationToken).ConfigureAwait(false);

        bool exists = false;
        try
        {
            EndpointSlice created = await _client.CreateNamespacedEndpointSliceAsync(_namespace, NewSlice(_namespace, name), cancellationToken: cancellationToken).ConfigureAwait(false);
            exists = true;
            Line("create", $"{name}: {created.Endpoints.Count} {created.AddressType} endpoints, resourceVersion {Rv(created)}");

            EndpointSlice fetched = await _client.GetNamespacedEndpointSliceAsync(_namespace, name, cancellationToken).ConfigureAwait(false);
            Line("get", $"{fetched.Endpoints.Count} endpoints, resourceVersion {Rv(fetched)}, uid {fetched.Metadata?.Uid}");

            EndpointSlice patched = await PatchReadinessAsync(fetched, cancellationToken).ConfigureAwait(false);
            await ReplaceAsync(patched, cancellationToken).ConfigureAwait(false);

            await _client.DeleteNamespacedEndpointSliceAsync(_namespace, name, cancellationToken).ConfigureAwait(false);
            exists = false;
            string afterDelete = await GetExpectingNotFoundAsync(name, cancellationToken).ConfigureAwait(false);
            Line("delete", $"{name}; GET afterwards: {afterDelete}");
        }
        finally
        {
            if (exists)
            {
                await TryDeleteAsync(name).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The server's Status for a slice that does not exist.</summary>
    public async Task ShowNotFoundAsync(string name, CancellationToken cancellationToken)
    {
        string outcome = await GetExpectingNotFoundAsync(name, cancellationToken).ConfigureAwait(false);
        Line("404", $"GET {_namespace}/{name}: {outcome}");
    }

    /// <summary>The server's Status for a slice the OpenAPI document does not allow.</summary>
    public async Task ShowInvalidAsync(string name, CancellationToken cancellationToken)
    {
        EndpointSlice invalid = NewSlice(_namespace, name);
        invalid.AddressType = "IPv5";
        invalid.Ports = new List<EndpointPort> { new() { Name = "a-port-name-too-long", Port = 70000 } };
        const string What = "addressType IPv5, port 70000, a 20-letter port name";
        try
        {
            await _client.CreateNamespacedEndpointSliceAsync(_namespace, invalid, cancellationToken: cancellationToken).ConfigureAwait(false);
            Fail("422", $"the server accepted an invalid slice ({What})");
            await TryDeleteAsync(name).ConfigureAwait(false);
        }
        catch (ApiException e) when ((int)e.StatusCode == 422)
        {
            List<string> causes = Causes(e).ToList();
            if (causes.Count == 0 || e is not ApiException<Status> { Error: { } status })
            {
                Line("422", $"POST {What}: {Describe(e)}");
                return;
            }

            // The message lists the causes too; the structured details read better one per line.
            Line("422", $"POST {What}: Status {status.Code} {status.Reason}:");
            foreach (string cause in causes)
            {
                _terminal.WriteLine(new string(' ', TextColumn) + "- " + cause, Tone.Dim, TextColumn + 2);
            }
        }
    }

    /// <summary>A create with dryRun=All: validated and answered as if stored, but not stored.</summary>
    private async Task DryRunAsync(string name, CancellationToken cancellationToken)
    {
        EndpointSlice answer = await _client.CreateNamespacedEndpointSliceAsync(_namespace, NewSlice(_namespace, name), dryRun: DryRun.All, cancellationToken).ConfigureAwait(false);
        try
        {
            await _client.GetNamespacedEndpointSliceAsync(_namespace, name, cancellationToken).ConfigureAwait(false);
            Fail("dry run", $"{name} was stored although the create asked for dryRun=All");
            await TryDeleteAsync(name).ConfigureAwait(false);
        }
        catch (ApiException e) when (e.IsNotFound)
        {
            Line("dry run", $"create {name} answered {answer.Endpoints.Count} endpoints; GET: {Describe(e)}, not stored");
        }
    }

    /// <summary>
    /// Marks the second endpoint not ready with a merge patch (RFC 7386). Arrays are not merged: a patch's
    /// <c>endpoints</c> replaces the whole list, so it carries every endpoint as the server sent it, one changed.
    /// The resourceVersion in the patch makes it conditional: it applies only to the slice as it was read.
    /// </summary>
    private async Task<EndpointSlice> PatchReadinessAsync(EndpointSlice current, CancellationToken cancellationToken)
    {
        JsonArray endpoints = ModelJson.ToJsonArray(current.Endpoints);
        const int Index = 1;
        JsonObject target = endpoints[Index]!.AsObject();
        if (target["conditions"] is not JsonObject conditions)
        {
            target["conditions"] = conditions = new JsonObject();
        }

        bool wasReady = conditions["ready"]?.GetValue<bool>() ?? true;
        conditions["ready"] = !wasReady;
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject { ["resourceVersion"] = current.Metadata?.ResourceVersion },
            ["endpoints"] = endpoints,
        };

        EndpointSlice patched = await _client.PatchNamespacedEndpointSliceAsync(_namespace, current.Metadata!.Name!, patch, cancellationToken).ConfigureAwait(false);
        string address = current.Endpoints[Index].Addresses.FirstOrDefault() ?? "?";
        bool nowReady = patched.Endpoints.Count > Index && (patched.Endpoints[Index].Conditions?.Ready ?? true);
        bool othersKept = patched.Endpoints.Count == current.Endpoints.Count
            && patched.Endpoints.Where((_, i) => i != Index).SequenceEqual(current.Endpoints.Where((_, i) => i != Index), SameEndpoint.Instance);
        if (nowReady == wasReady || !othersKept)
        {
            Fail("patch", $"the merge patch did not give {patched.Endpoints.Count} endpoints with only {address} changed");
        }
        else
        {
            Line("patch", $"{address} ready {Bool(wasReady)} -> {Bool(nowReady)}; {patched.Endpoints.Count} endpoints sent and kept, resourceVersion {Rv(patched)}");
        }

        return patched;
    }

    /// <summary>Replace with the resourceVersion just read (accepted), then again with that now stale one (409 Conflict).</summary>
    private async Task ReplaceAsync(EndpointSlice current, CancellationToken cancellationToken)
    {
        string name = current.Metadata!.Name!;
        string? readVersion = current.Metadata.ResourceVersion;
        current.Metadata.Labels ??= new Dictionary<string, string>();
        current.Metadata.Labels[StageLabel] = "replaced";
        EndpointSlice replaced = await _client.ReplaceNamespacedEndpointSliceAsync(_namespace, name, current, cancellationToken: cancellationToken).ConfigureAwait(false);
        Line("replace", $"label {StageLabel}=replaced, with resourceVersion {readVersion}: now {Rv(replaced)}");

        current.Metadata.Labels[StageLabel] = "stale";
        try
        {
            await _client.ReplaceNamespacedEndpointSliceAsync(_namespace, name, current, cancellationToken: cancellationToken).ConfigureAwait(false);
            Fail("replace", $"a replace with the stale resourceVersion {readVersion} was accepted");
        }
        catch (ApiException e) when (e.IsConflict)
        {
            Line("replace", $"again with the stale {readVersion}: {Describe(e)}");
        }
    }

    private async Task<string> GetExpectingNotFoundAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await _client.GetNamespacedEndpointSliceAsync(_namespace, name, cancellationToken).ConfigureAwait(false);
            Fail("get", $"{_namespace}/{name} exists");
            return "found";
        }
        catch (ApiException e) when (e.IsNotFound)
        {
            return Describe(e);
        }
    }

    private async Task TryDeleteAsync(string name)
    {
        try
        {
            await _client.DeleteNamespacedEndpointSliceAsync(_namespace, name).ConfigureAwait(false);
        }
        catch (ApiException)
        {
            // Gone already, or not ours to delete: nothing more to do.
        }
    }

    /// <summary>A slice of three endpoints on documentation addresses (192.0.2.0/24), labelled as the sample's own.</summary>
    public static EndpointSlice NewSlice(string @namespace, string name)
    {
        var slice = new EndpointSlice
        {
            AddressType = EndpointSliceAddressType.IPv4,
            Metadata = new ObjectMeta
            {
                Name = name,
                Namespace = @namespace,
                Labels = new Dictionary<string, string>
                {
                    ["kubernetes.io/service-name"] = ServiceName,
                    ["endpointslice.kubernetes.io/managed-by"] = ManagedBy,
                },
            },
            Ports = new List<EndpointPort> { new() { Name = "http", Port = 8080 } },
        };
        for (int i = 0; i < 3; i++)
        {
            slice.Endpoints.Add(new Endpoint
            {
                Addresses = { "192.0.2." + (10 + i).ToString(CultureInfo.InvariantCulture) },
                Conditions = new EndpointConditions { Ready = true, Serving = true, Terminating = false },
                Zone = "eu-west-1a",
            });
        }

        return slice;
    }

    /// <summary>"404 NotFound: message" from the server's Status, or the HTTP status when there is none.</summary>
    public static string Describe(ApiException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception is ApiException<Status> { Error: { } status }
            ? $"Status {status.Code ?? (int)exception.StatusCode} {status.Reason}: {status.Message}"
            : $"{(int)exception.StatusCode} {exception.ReasonPhrase} (no Status body)";
    }

    /// <summary>The causes in the Status's details (field: message), which the document leaves undeclared.</summary>
    public static IEnumerable<string> Causes(ApiException exception)
    {
        if (exception is not ApiException<Status> { Error: { } status }
            || !status.AdditionalProperties.TryGetValue("details", out JsonElement details)
            || details.ValueKind != JsonValueKind.Object
            || !details.TryGetProperty("causes", out JsonElement causes)
            || causes.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (JsonElement cause in causes.EnumerateArray())
        {
            string field = cause.TryGetProperty("field", out JsonElement f) ? f.GetString() ?? "?" : "?";
            string message = cause.TryGetProperty("message", out JsonElement m) ? m.GetString() ?? string.Empty : string.Empty;
            yield return field + ": " + message;
        }
    }

    private const int TextColumn = 12;

    private void Line(string operation, string text) =>
        _terminal.WriteLabelled("   " + operation.PadRight(TextColumn - 3), Tone.Accent, text, Tone.Plain, TextColumn);

    private void Fail(string operation, string text)
    {
        _failures.Add(operation + ": " + text);
        _terminal.WriteLine("   " + operation.PadRight(TextColumn - 3) + "UNEXPECTED: " + text, Tone.Bad, TextColumn);
    }

    private static string Rv(EndpointSlice slice) => slice.Metadata?.ResourceVersion ?? "?";

    private static string Bool(bool value) => value ? "true" : "false";

    /// <summary>Endpoints compared by addresses and conditions.</summary>
    private sealed class SameEndpoint : IEqualityComparer<Endpoint>
    {
        public static readonly SameEndpoint Instance = new();

        public bool Equals(Endpoint? x, Endpoint? y) =>
            x is not null && y is not null
            && x.Addresses.SequenceEqual(y.Addresses)
            && x.Conditions?.Ready == y.Conditions?.Ready
            && x.Conditions?.Serving == y.Conditions?.Serving
            && x.Conditions?.Terminating == y.Conditions?.Terminating;

        public int GetHashCode(Endpoint obj) => obj.Addresses.Count;
    }
}
