using Microsoft.AspNetCore.Http;

namespace Fulcrum.Pipeline;

/// <summary>The methods RFC 9110 §9.2.2 lets a client send twice without harm: the only ones retried or replayed.</summary>
internal static class IdempotentMethods
{
    public static bool Contains(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)
        || HttpMethods.IsPut(method) || HttpMethods.IsDelete(method) || HttpMethods.IsTrace(method);
}
