using System;
using Microsoft.Extensions.Logging;

namespace SliceClientGen.Runtime.Informers;

/// <summary>What informers log: resources, reasons, counts and resourceVersions; never object contents or credentials.</summary>
internal static class InformerLog
{
    private static readonly Action<ILogger, string, string, string, int, string, double, Exception?> s_synced = LoggerMessage.Define<string, string, string, int, string, double>(
        LogLevel.Information,
        new EventId(1, "InformerSynced"),
        "Informer {Informer}: {Mode} list complete ({Reason}): {Count} objects at resourceVersion {ResourceVersion} in {Seconds:0.###} s");

    private static readonly Action<ILogger, string, string, Exception?> s_fallback = LoggerMessage.Define<string, string>(
        LogLevel.Information,
        new EventId(2, "InformerStreamingListFallback"),
        "Informer {Informer}: the server does not support a streaming list ({Why}); using paged lists");

    private static readonly Action<ILogger, string, string, string?, Exception?> s_watchRestart = LoggerMessage.Define<string, string, string?>(
        LogLevel.Debug,
        new EventId(3, "InformerWatchRestart"),
        "Informer {Informer}: watch reconnects ({Reason}) from resourceVersion {ResourceVersion}");

    private static readonly Action<ILogger, string, string?, Exception?> s_expired = LoggerMessage.Define<string, string?>(
        LogLevel.Information,
        new EventId(4, "InformerRelistExpired"),
        "Informer {Informer}: resourceVersion {ResourceVersion} is too old (410 Gone); listing again");

    private static readonly Action<ILogger, string, string, double, Exception?> s_failed = LoggerMessage.Define<string, string, double>(
        LogLevel.Warning,
        new EventId(5, "InformerFailed"),
        "Informer {Informer}: {Step} failed; retrying in {Seconds:0.###} s");

    private static readonly Action<ILogger, string, Exception?> s_continueExpired = LoggerMessage.Define<string>(
        LogLevel.Information,
        new EventId(6, "InformerContinueExpired"),
        "Informer {Informer}: a continue token expired during a paged list; listing again from the start");

    private static readonly Action<ILogger, string, Exception?> s_observerFailed = LoggerMessage.Define<string>(
        LogLevel.Error,
        new EventId(7, "InformerObserverFailed"),
        "Informer {Informer}: an observer threw; the informer goes on");

    private static readonly Action<ILogger, string, string, Exception?> s_unknownEvent = LoggerMessage.Define<string, string>(
        LogLevel.Debug,
        new EventId(8, "InformerUnknownEvent"),
        "Informer {Informer}: ignored a watch event of unknown type {Type}");

    public static void Synced(ILogger logger, string informer, string mode, string reason, int count, string? resourceVersion, TimeSpan duration) =>
        s_synced(logger, informer, mode, reason, count, resourceVersion ?? "(none)", duration.TotalSeconds, null);

    public static void StreamingListFallback(ILogger logger, string informer, string why, Exception? exception) => s_fallback(logger, informer, why, exception);

    public static void WatchRestart(ILogger logger, string informer, string reason, string? resourceVersion, Exception? exception) =>
        s_watchRestart(logger, informer, reason, resourceVersion, exception);

    public static void Expired(ILogger logger, string informer, string? resourceVersion) => s_expired(logger, informer, resourceVersion, null);

    public static void Failed(ILogger logger, string informer, string step, TimeSpan delay, Exception exception) =>
        s_failed(logger, informer, step, delay.TotalSeconds, exception);

    public static void ContinueExpired(ILogger logger, string informer) => s_continueExpired(logger, informer, null);

    public static void ObserverFailed(ILogger logger, string informer, Exception exception) => s_observerFailed(logger, informer, exception);

    public static void UnknownEvent(ILogger logger, string informer, string type) => s_unknownEvent(logger, informer, type, null);
}
