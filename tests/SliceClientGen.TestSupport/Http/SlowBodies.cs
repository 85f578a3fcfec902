using Microsoft.Extensions.Time.Testing;

namespace SliceClientGen.TestSupport;

/// <summary>
/// Response bodies that arrive slowly on a fake clock, as over a slow link: every read returns at most
/// <c>bytesPerRead</c> bytes, and <c>gap</c> passes on <c>clock</c> before it returns them. The time between the
/// pieces of a body is then exactly <c>gap</c> whatever the machine's load; real time plays no part.
/// Use it as the client's handler: <c>new HttpClient(new SlowBodies(clock, 64, gap, new SocketsHttpHandler()))</c>.
/// </summary>
public sealed class SlowBodies : DelegatingHandler
{
    private readonly FakeTimeProvider _clock;
    private readonly int _bytesPerRead;
    private readonly TimeSpan _gap;

    public SlowBodies(FakeTimeProvider clock, int bytesPerRead, TimeSpan gap, HttpMessageHandler inner)
        : base(inner)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytesPerRead);
        _clock = clock;
        _bytesPerRead = bytesPerRead;
        _gap = gap;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response = await base.SendAsync(request, cancellationToken);
        ReadOnlyBodyStream.ReplaceBody(response, new SlowStream(await response.Content.ReadAsStreamAsync(cancellationToken), this));
        return response;
    }

    private sealed class SlowStream(Stream inner, SlowBodies owner) : ReadOnlyBodyStream(inner)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int read = await Inner.ReadAsync(buffer[..Math.Min(buffer.Length, owner._bytesPerRead)], cancellationToken);
            if (read > 0)
            {
                owner._clock.Advance(owner._gap);
            }

            return read;
        }
    }
}
