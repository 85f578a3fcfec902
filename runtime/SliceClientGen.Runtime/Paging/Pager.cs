using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using SliceClientGen.Runtime.Http;

namespace SliceClientGen.Runtime.Paging;

/// <summary>
/// Follows continue tokens for generated <c>Enumerate…Async</c> methods: one page in memory at a time, the
/// next page requested only when the caller pulls past the current one.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)] // Plumbing for generated code; users call the generated methods.
public static class Pager
{
    /// <summary>How many fresh continue tokens may expire in a row before ContinueInconsistent gives up.</summary>
    private const int MaxExpiredInARow = 5;

    /// <summary>The default page size when the caller gives none.</summary>
    public const int DefaultPageSize = 500;

    /// <summary>Yields each page (the list object: items, metadata.resourceVersion, remainingItemCount) until the continue token is empty.</summary>
    /// <typeparam name="TList">The list model.</typeparam>
    /// <param name="fetchPage">Requests one page given a continue token (null for the first).</param>
    /// <param name="continueOf">Reads metadata.continue of a page.</param>
    /// <param name="options">The expired-token policy; null for the defaults.</param>
    /// <param name="cancellationToken">Stops the enumeration; no further request is sent.</param>
    /// <returns>The pages.</returns>
    public static async IAsyncEnumerable<TList> EnumeratePagesAsync<TList>(
        Func<string?, CancellationToken, Task<TList>> fetchPage,
        Func<TList, string?> continueOf,
        PagingOptions? options,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (fetchPage is null)
        {
            throw new ArgumentNullException(nameof(fetchPage));
        }

        if (continueOf is null)
        {
            throw new ArgumentNullException(nameof(continueOf));
        }

        ExpiredContinuePolicy policy = options?.OnExpired ?? ExpiredContinuePolicy.Throw;
        string? token = null;
        int expiredInARow = 0;
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            TList page;
            try
            {
                page = await fetchPage(token, cancellationToken).ConfigureAwait(false);
            }
            catch (ApiException e) when (e.IsExpired && token is not null && policy == ExpiredContinuePolicy.ContinueInconsistent)
            {
                if (++expiredInARow > MaxExpiredInARow)
                {
                    throw new ApiException(e.Message + " The server expired " + MaxExpiredInARow + " fresh continue tokens in a row; giving up.", e.Response, e);
                }

                token = FreshContinueToken(e) ?? throw new ApiException(
                    e.Message + " The continue token expired and the server's Status carries no fresh metadata.continue to go on with.", e.Response, e);
                continue;
            }

            expiredInARow = 0;
            yield return page;
            token = continueOf(page);
        }
        while (!string.IsNullOrEmpty(token));
    }

    /// <summary>Yields the items of every page, in order.</summary>
    /// <typeparam name="TList">The list model.</typeparam>
    /// <typeparam name="TItem">The item model.</typeparam>
    /// <param name="pages">The pages.</param>
    /// <param name="itemsOf">Reads a page's items.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <returns>The items.</returns>
    public static async IAsyncEnumerable<TItem> EnumerateItemsAsync<TList, TItem>(
        IAsyncEnumerable<TList> pages,
        Func<TList, IList<TItem>?> itemsOf,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (pages is null)
        {
            throw new ArgumentNullException(nameof(pages));
        }

        if (itemsOf is null)
        {
            throw new ArgumentNullException(nameof(itemsOf));
        }

        await foreach (TList page in pages.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (itemsOf(page) is { } items)
            {
                foreach (TItem item in items)
                {
                    // Cancellation stops at the next item, not at the end of the page held in memory.
                    cancellationToken.ThrowIfCancellationRequested();
                    yield return item;
                }
            }
        }
    }

    /// <summary>metadata.continue of the 410 Status body, if the server sent one.</summary>
    internal static string? FreshContinueToken(ApiException exception)
    {
        string body = exception.ResponseBody;
        if (body.Length == 0 || exception.ResponseBodyTruncated)
        {
            return null;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("metadata", out JsonElement metadata) && metadata.ValueKind == JsonValueKind.Object
                && metadata.TryGetProperty("continue", out JsonElement token) && token.ValueKind == JsonValueKind.String
                && token.GetString() is { Length: > 0 } value
                    ? value
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
