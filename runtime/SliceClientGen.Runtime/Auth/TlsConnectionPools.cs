using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;

namespace SliceClientGen.Runtime.Auth;

/// <summary>
/// The connection handler of a cluster whose TLS material can change (rotated certificate, key or CA files, an exec
/// plugin's renewed certificate): one connection pool (a <see cref="SocketsHttpHandler"/>) per version of the material.
/// Each request goes to the pool made with the material current when it starts. When the material has changed, a new
/// pool takes the request and every later one; the old pool takes no new request, carries those it has (watches) to
/// their end, and is disposed, its connections closed, when the last of them ends. Over HTTP/2 one connection carries
/// every request, so only a new pool makes new requests use new material. (client-go closes every connection when a
/// certificate rotates and lets its watches start again; here they finish on the old connection.)
/// </summary>
/// <remarks>
/// A request ends when its response is disposed or its body has been buffered (HttpClient's default), or when it fails.
/// </remarks>
internal sealed class TlsConnectionPools : HttpMessageHandler
{
    private readonly TlsMaterial _tls;
    private readonly Func<X509Certificate2?, X509Certificate2Collection?, SocketsHttpHandler> _createPool;
    private readonly object _gate = new();
    private readonly List<Pool> _retired = new();
    private Pool? _current;
    private bool _disposed;

    /// <param name="tls">The material; its <see cref="TlsMaterial.Current"/> is read at every request.</param>
    /// <param name="createPool">Makes the handler of a pool that offers this client certificate and trusts these certificate authorities.</param>
    public TlsConnectionPools(TlsMaterial tls, Func<X509Certificate2?, X509Certificate2Collection?, SocketsHttpHandler> createPool)
    {
        _tls = tls;
        _createPool = createPool;
    }

    /// <summary>How many pools are not yet disposed: the current one and the older ones still carrying requests.</summary>
    internal int OpenPools
    {
        get
        {
            lock (_gate)
            {
                return _retired.Count + (_current is null ? 0 : 1);
            }
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Pool pool = Enter();
        HttpResponseMessage response;
        try
        {
            response = await pool.Invoker.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Leave(pool);
            throw;
        }

        return Leased(response, pool);
    }

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Pool pool = Enter();
        HttpResponseMessage response;
        try
        {
            response = pool.Invoker.Send(request, cancellationToken);
        }
        catch
        {
            Leave(pool);
            throw;
        }

        return Leased(response, pool);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            List<Pool> pools;
            lock (_gate)
            {
                _disposed = true;
                pools = new List<Pool>(_retired);
                if (_current is not null)
                {
                    pools.Add(_current);
                }

                _retired.Clear();
                _current = null;
            }

            foreach (Pool pool in pools)
            {
                pool.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    /// <summary>The pool for a request starting now (a new one when the material changed), with the request counted in.</summary>
    private Pool Enter()
    {
        (X509Certificate2? client, X509Certificate2Collection? authorities) = _tls.Current();
        Pool? retired = null;
        Pool current;
        lock (_gate)
        {
            if (_disposed)
            {
                throw new ObjectDisposedException(nameof(TlsConnectionPools));
            }

            if (_current is null || !_current.Uses(client, authorities))
            {
                if (_current is not null)
                {
                    if (_current.Requests == 0)
                    {
                        retired = _current;
                    }
                    else
                    {
                        _current.Retired = true;
                        _retired.Add(_current);
                    }
                }

                _current = new Pool(client, authorities, _createPool(client, authorities));
            }

            current = _current;
            current.Requests++;
        }

        retired?.Dispose();
        return current;
    }

    /// <summary>A request of <paramref name="pool"/> ended; a retired pool is disposed with its last request.</summary>
    private void Leave(Pool pool)
    {
        lock (_gate)
        {
            pool.Requests--;
            if (!pool.Retired || pool.Requests > 0 || !_retired.Remove(pool))
            {
                return;
            }
        }

        pool.Dispose();
    }

    private HttpResponseMessage Leased(HttpResponseMessage response, Pool pool)
    {
        response.Content = new LeasedContent(response.Content, this, pool);
        return response;
    }

    /// <summary>A connection pool made with one version of the material.</summary>
    private sealed class Pool : IDisposable
    {
        private readonly X509Certificate2? _client;
        private readonly X509Certificate2Collection? _authorities;
        private readonly SocketsHttpHandler _handler;

        public Pool(X509Certificate2? client, X509Certificate2Collection? authorities, SocketsHttpHandler handler)
        {
            _client = client;
            _authorities = authorities;
            _handler = handler;
            Invoker = new HttpMessageInvoker(handler, disposeHandler: false);
        }

        public HttpMessageInvoker Invoker { get; }

        /// <summary>Requests started and not ended (guarded by the owner's lock).</summary>
        public int Requests { get; set; }

        /// <summary>No longer the current pool (guarded by the owner's lock).</summary>
        public bool Retired { get; set; }

        /// <summary>The material is the same objects (a reload makes new ones; certificates equal by serial number are not enough).</summary>
        public bool Uses(X509Certificate2? client, X509Certificate2Collection? authorities) =>
            ReferenceEquals(client, _client) && ReferenceEquals(authorities, _authorities);

        public void Dispose()
        {
            Invoker.Dispose();
            _handler.Dispose();
        }
    }

    /// <summary>
    /// The response body as the pool's handler gave it, which ends its request when disposed or once copied whole
    /// (buffered): the pool is not disposed under a body still being read.
    /// </summary>
    private sealed class LeasedContent : HttpContent
    {
        private readonly HttpContent _inner;
        private TlsConnectionPools? _owner;
        private readonly Pool _pool;

        public LeasedContent(HttpContent inner, TlsConnectionPools owner, Pool pool)
        {
            _inner = inner;
            _owner = owner;
            _pool = pool;
            foreach (KeyValuePair<string, HeaderStringValues> header in inner.Headers.NonValidated)
            {
                Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            await _inner.CopyToAsync(stream, context, cancellationToken).ConfigureAwait(false);
            End();
        }

        protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            _inner.CopyTo(stream, context, cancellationToken);
            End();
        }

        protected override Task<Stream> CreateContentReadStreamAsync() => _inner.ReadAsStreamAsync();

        protected override Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) => _inner.ReadAsStreamAsync(cancellationToken);

        protected override Stream CreateContentReadStream(CancellationToken cancellationToken) => _inner.ReadAsStream(cancellationToken);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
                End();
            }

            base.Dispose(disposing);
        }

        private void End() => Interlocked.Exchange(ref _owner, null)?.Leave(_pool);
    }
}
