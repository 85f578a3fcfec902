namespace SliceClientGen.Runtime.Auth;

/// <summary>Checks token text before it reaches a header, so a bad token fails with a message that names its origin, not its value.</summary>
internal static class BearerTokenText
{
    /// <summary>Null when <paramref name="token"/> (trimmed) can be sent; otherwise what is wrong with it ("is empty"), never its value.</summary>
    public static string? Problem(string? token)
    {
        string trimmed = token?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            return "is empty";
        }

        foreach (char c in trimmed)
        {
            if (c < 0x20 || c == 0x7F || c > 0x7E)
            {
                return "holds line breaks, control or non-ASCII characters";
            }
        }

        return null;
    }

    /// <summary>Null when the token can be sent; otherwise a sentence naming <paramref name="origin"/> and the problem.</summary>
    public static string? Check(string? token, string origin) =>
        Problem(token) is { } problem ? "The bearer token from " + origin + " " + problem + "." : null;
}
