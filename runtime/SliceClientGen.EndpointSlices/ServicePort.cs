using System;

namespace SliceClientGen.EndpointSlices;

/// <summary>One port of a Service's endpoints, as its slices declare it.</summary>
/// <param name="Name">The port's name ("" when unnamed: a Service with a single port).</param>
/// <param name="Protocol">TCP (the API's default when absent), UDP or SCTP.</param>
/// <param name="Port">The port number on the endpoints; null when the slice leaves it out (all ports).</param>
/// <param name="AppProtocol">The application protocol, such as <c>http</c> or <c>kubernetes.io/h2c</c>; null when not declared.</param>
public sealed record ServicePort(string Name, string Protocol, int? Port, string? AppProtocol) : IComparable<ServicePort>
{
    /// <summary>The port of endpoints whose slice declares no ports (a headless Service without ports): no name, protocol or number.</summary>
    public static ServicePort None { get; } = new(string.Empty, string.Empty, null, null);

    /// <inheritdoc />
    public int CompareTo(ServicePort? other)
    {
        if (other is null)
        {
            return 1;
        }

        int c = string.CompareOrdinal(Name, other.Name);
        c = c != 0 ? c : string.CompareOrdinal(Protocol, other.Protocol);
        c = c != 0 ? c : Nullable.Compare(Port, other.Port);
        return c != 0 ? c : string.CompareOrdinal(AppProtocol, other.AppProtocol);
    }

    /// <inheritdoc />
    public override string ToString() => (Name.Length == 0 ? "(unnamed)" : Name) + " " + (Port?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "*") + "/" + Protocol;
}
