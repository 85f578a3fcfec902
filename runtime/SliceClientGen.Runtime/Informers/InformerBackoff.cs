using System;

namespace SliceClientGen.Runtime.Informers;

/// <summary>
/// client-go's reflector backoff: the first failure waits <see cref="InformerOptions.InitialBackoff"/>, each further
/// one twice as long up to <see cref="InformerOptions.MaxBackoff"/>, each with jitter; a failure after a healthy
/// period of <see cref="InformerOptions.BackoffResetAfter"/> starts from the beginning again.
/// </summary>
internal sealed class InformerBackoff(InformerOptions options, TimeProvider time, Func<double> random)
{
    private int _failures;
    private long _lastFailure;

    public TimeSpan Next()
    {
        long now = time.GetTimestamp();
        if (_failures > 0 && time.GetElapsedTime(_lastFailure, now) >= options.BackoffResetAfter)
        {
            _failures = 0;
        }

        _lastFailure = now;
        _failures++;
        double ms = options.InitialBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(_failures - 1, 30));
        ms = Math.Min(ms, options.MaxBackoff.TotalMilliseconds);
        ms *= 1 - options.Jitter + (2 * options.Jitter * random());
        return TimeSpan.FromMilliseconds(Math.Min(ms, options.MaxBackoff.TotalMilliseconds));
    }
}
