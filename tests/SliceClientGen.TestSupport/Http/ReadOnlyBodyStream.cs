namespace SliceClientGen.TestSupport;

/// <summary>
/// A read-only stream over a response body that a test handler wraps to change how the body arrives (slowly, or cut
/// on demand). Subclasses override <see cref="ReadAsync(Memory{byte}, CancellationToken)"/>; everything else a
/// forward-only body needs is here. <see cref="ReplaceBody"/> puts such a stream in place of a response's body.
/// </summary>
internal abstract class ReadOnlyBodyStream(Stream inner) : Stream
{
    /// <summary>The body being wrapped; disposed with this stream.</summary>
    protected Stream Inner { get; } = inner;

    /// <summary>Replaces <paramref name="response"/>'s content with <paramref name="body"/>, keeping the content headers.</summary>
    public static void ReplaceBody(HttpResponseMessage response, Stream body)
    {
        var content = new StreamContent(body);
        foreach (KeyValuePair<string, IEnumerable<string>> header in response.Content.Headers)
        {
            content.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        response.Content = content;
    }

    public abstract override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Inner.Dispose();
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
