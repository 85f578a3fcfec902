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
        var content = new StreamContent(new SlowStream(await response.Content.ReadAsStreamAsync(cancellationToken), this));
        foreach (KeyValuePair<string, IEnumerable<string>> header in response.Content.Headers)
        {
            content.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        response.Content = content;
        return response;
    }

    private sealed class SlowStream(Stream inner, SlowBodies owner) : Stream
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int read = await inner.ReadAsync(buffer[..Math.Min(buffer.Length, owner._bytesPerRead)], cancellationToken);
            if (read > 0)
            {
                owner._clock.Advance(owner._gap);
            }

            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
