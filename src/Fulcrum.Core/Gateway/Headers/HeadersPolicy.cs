using Fulcrum.Pipeline;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.Gateway.Headers;

/// <summary>
/// Changes the client's request headers before they are copied upstream (so later policies and the destination
/// see the result), and the destination's response headers before they are sent. Removals run before sets.
/// </summary>
internal sealed class HeadersPolicy(KeyValuePair<string, string?>[] request, KeyValuePair<string, string?>[] response) : IRequestPolicy
{
    private static readonly ValueTask<bool> Continue = ValueTask.FromResult(true);

    public ValueTask<bool> ApplyAsync(HttpContext context, ProxyRequestFeature feature)
    {
        Apply(context.Request.Headers, request);
        return Continue;
    }

    public void ApplyResponse(HttpContext context, ProxyRequestFeature feature) => Apply(context.Response.Headers, response);

    private static void Apply(IHeaderDictionary headers, KeyValuePair<string, string?>[] changes)
    {
        foreach (var (name, value) in changes)
        {
            if (value is null)
            {
                headers.Remove(name);
            }
            else
            {
                headers[name] = value;
            }
        }
    }
}
