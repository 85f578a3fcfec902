using System;
using System.Collections.Generic;
using Microsoft.AspNetCore.Http;

namespace SliceClientGen.Testing.Protocol;

/// <summary>
/// <c>metav1.ListOptions</c> for lists and watches, decoded once from the query and checked as the API server checks
/// them (ValidateListOptions: 422 Invalid on ListOptions for rules about resourceVersionMatch and sendInitialEvents).
/// </summary>
internal sealed record ListOptions(
    string LabelSelector,
    string FieldSelector,
    bool Watch,
    bool AllowWatchBookmarks,
    string ResourceVersion,
    string ResourceVersionMatch,
    long? TimeoutSeconds,
    long Limit,
    string Continue,
    bool? SendInitialEvents)
{
    public const string NotOlderThan = "NotOlderThan";
    public const string Exact = "Exact";

    /// <summary>Decodes and validates; <paramref name="watchPath"/> is true on the deprecated <c>/watch/</c> paths.</summary>
    public static ListOptions Decode(HttpRequest request, bool watchPath = false)
    {
        var query = new QueryParameters(request.Query);
        var options = new ListOptions(
            query.StringOrEmpty("labelSelector"),
            query.StringOrEmpty("fieldSelector"),
            watchPath || query.Flag("watch"),
            query.Flag("allowWatchBookmarks"),
            query.StringOrEmpty("resourceVersion"),
            query.StringOrEmpty("resourceVersionMatch"),
            query.Int64("timeoutSeconds"),
            query.Int64("limit") ?? 0,
            query.StringOrEmpty("continue"),
            query.Boolean("sendInitialEvents"));
        options.Validate();
        return options;
    }

    /// <summary>Whether the request is a watch, without decoding the rest.</summary>
    public static bool IsWatch(HttpRequest request) => new QueryParameters(request.Query).Flag("watch");

    private void Validate()
    {
        var causes = new List<StatusCause>();
        if (Watch)
        {
            if (SendInitialEvents is not null)
            {
                if (ResourceVersionMatch != NotOlderThan)
                {
                    causes.Add(Forbidden("resourceVersionMatch", $"sendInitialEvents requires setting resourceVersionMatch to {NotOlderThan}"));
                }

                if (!AllowWatchBookmarks)
                {
                    causes.Add(Forbidden("allowWatchBookmarks", "sendInitialEvents requires setting allowWatchBookmarks to true"));
                }
            }
            else if (ResourceVersionMatch.Length > 0)
            {
                causes.Add(Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided"));
            }
        }
        else
        {
            if (ResourceVersionMatch.Length > 0)
            {
                if (ResourceVersion.Length == 0)
                {
                    causes.Add(Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden unless resourceVersion is provided"));
                }

                if (Continue.Length > 0)
                {
                    causes.Add(Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided"));
                }

                if (ResourceVersionMatch is not (Exact or NotOlderThan))
                {
                    causes.Add(new StatusCause("FieldValueNotSupported", "resourceVersionMatch", $"Unsupported value: \"{ResourceVersionMatch}\": supported values: \"Exact\", \"NotOlderThan\", \"\""));
                }

                if (ResourceVersionMatch == Exact && ResourceVersion == "0")
                {
                    causes.Add(Forbidden("resourceVersionMatch", "resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\""));
                }
            }

            if (SendInitialEvents is not null)
            {
                causes.Add(Forbidden("sendInitialEvents", "sendInitialEvents is forbidden for list"));
            }
        }

        if (causes.Count > 0)
        {
            throw StatusError.InvalidOptions("ListOptions", causes);
        }
    }

    private static StatusCause Forbidden(string field, string detail) => new("FieldValueForbidden", field, "Forbidden: " + detail);
}

/// <summary>
/// The options of the write verbs (<c>CreateOptions</c>, <c>UpdateOptions</c>, <c>PatchOptions</c>), decoded once:
/// <c>dryRun</c> (every value must be <c>All</c>), <c>fieldManager</c>, <c>fieldValidation</c> and, for patches, <c>force</c>.
/// </summary>
internal sealed record WriteOptions(bool DryRun, string? FieldManager, FieldValidation FieldValidation, bool? Force)
{
    public static WriteOptions Decode(HttpRequest request)
    {
        var query = new QueryParameters(request.Query);
        string? manager = query.String("fieldManager");
        if (manager is { Length: > 128 })
        {
            throw StatusError.InvalidOptions("PatchOptions", new[] { new StatusCause("FieldValueTooLong", "fieldManager", "Too long: may not be more than 128 bytes") });
        }

        return new WriteOptions(DecodeDryRun(query.Strings("dryRun")), manager, DecodeFieldValidation(query.String("fieldValidation")), query.Boolean("force"));
    }

    /// <summary><c>dryRun</c>: every value must be <c>All</c>; any value means a dry run.</summary>
    public static bool DecodeDryRun(IReadOnlyList<string> values)
    {
        foreach (string mode in values)
        {
            if (mode != "All")
            {
                throw StatusError.BadRequest($"Invalid dry run value: \"{mode}\": supported values: \"All\"");
            }
        }

        return values.Count > 0;
    }

    private static FieldValidation DecodeFieldValidation(string? value) => value switch
    {
        null or "" or "Warn" => FieldValidation.Warn,
        "Strict" => FieldValidation.Strict,
        "Ignore" => FieldValidation.Ignore,
        var other => throw StatusError.BadRequest($"fieldValidation: Unsupported value: \"{other}\": supported values: \"Ignore\", \"Strict\", \"Warn\""),
    };
}

/// <summary>How unknown fields in a write are treated.</summary>
internal enum FieldValidation
{
    /// <summary>Kept, with a <c>Warning</c> header per field (the default).</summary>
    Warn,

    /// <summary>Refused with 400.</summary>
    Strict,

    /// <summary>Kept silently.</summary>
    Ignore,
}

/// <summary>
/// <c>DeleteOptions</c> from the query (<c>dryRun</c>, <c>gracePeriodSeconds</c>, <c>propagationPolicy</c>,
/// <c>orphanDependents</c>); the body's fields (preconditions, dryRun) are read by the handler and added.
/// </summary>
internal sealed record DeleteQueryOptions(bool DryRun, long? GracePeriodSeconds, string? PropagationPolicy, bool? OrphanDependents)
{
    public static DeleteQueryOptions Decode(HttpRequest request)
    {
        var query = new QueryParameters(request.Query);
        string? policy = query.String("propagationPolicy");
        if (policy is not (null or "Orphan" or "Background" or "Foreground"))
        {
            throw StatusError.InvalidOptions("DeleteOptions", new[] { new StatusCause("FieldValueNotSupported", "propagationPolicy", $"Unsupported value: \"{policy}\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\"") });
        }

        long? grace = query.Int64("gracePeriodSeconds");
        if (grace is < 0)
        {
            throw StatusError.InvalidOptions("DeleteOptions", new[] { new StatusCause("FieldValueInvalid", "gracePeriodSeconds", $"Invalid value: {grace}: must be >= 0") });
        }

        return new DeleteQueryOptions(WriteOptions.DecodeDryRun(query.Strings("dryRun")), grace, policy, query.Boolean("orphanDependents"));
    }
}
