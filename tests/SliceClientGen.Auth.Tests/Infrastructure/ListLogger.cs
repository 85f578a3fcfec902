using Microsoft.Extensions.Logging;

namespace SliceClientGen.Auth.Tests.Infrastructure;

/// <summary>An ILogger that keeps every entry (level, event and formatted message).</summary>
public sealed class ListLogger : ILogger
{
    private readonly List<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries
    {
        get
        {
            lock (_entries)
            {
                return _entries.ToArray();
            }
        }
    }

    /// <summary>The warnings (and worse) logged so far.</summary>
    public IReadOnlyList<LogEntry> Warnings => Entries.Where(e => e.Level >= LogLevel.Warning).ToArray();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_entries)
        {
            _entries.Add(new LogEntry(logLevel, eventId.Name, formatter(state, exception)));
        }
    }
}

/// <summary>One logged entry.</summary>
public sealed record LogEntry(LogLevel Level, string? EventName, string Message);
