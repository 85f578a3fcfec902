namespace SliceClientGen.Runtime.Paging;

/// <summary>What an enumeration does when the server says its continue token expired (HTTP 410, reason Expired).</summary>
public enum ExpiredContinuePolicy
{
    /// <summary>
    /// Throw the <see cref="Http.ApiException"/> (<see cref="Http.ApiException.IsExpired"/> is true). Items already
    /// yielded stay valid; the caller decides whether to list again. The default.
    /// </summary>
    Throw,

    /// <summary>
    /// Continue with the fresh continue token the server puts in the 410 Status's <c>metadata.continue</c>:
    /// the remaining pages come from a newer snapshot, so the whole list is not one consistent snapshot, but
    /// no item is yielded twice (the token continues after the last key). Throws when the Status has no token.
    /// </summary>
    ContinueInconsistent,
}

/// <summary>How a paged enumeration behaves.</summary>
public sealed class PagingOptions
{
    /// <summary>What to do when a continue token expires mid-way. Defaults to <see cref="ExpiredContinuePolicy.Throw"/>.</summary>
    public ExpiredContinuePolicy OnExpired { get; set; } = ExpiredContinuePolicy.Throw;
}
