using Fulcrum.Configuration;

namespace Fulcrum.Gateway.Access;

internal sealed class RequestSizePolicyFactory : IPolicyFactory
{
    public void Validate(PolicyConfig config, string path, GatewayConfig root, ConfigErrors errors)
    {
        var size = (RequestSizePolicyConfig)config;
        if (size.MaxBodySize is null && size.MaxHeadersSize is null && size.MaxUrlLength is null)
        {
            errors.Add(path, "a requestSize policy needs at least one of maxBodySize, maxHeadersSize, maxUrlLength");
        }

        // A body limit of 0 is meaningful (no body at all); a request always has a target and a Host header.
        if (size.MaxBodySize < 0)
        {
            errors.Add($"{path}.maxBodySize", "must be 0 or more bytes");
        }

        if (size.MaxHeadersSize <= 0)
        {
            errors.Add($"{path}.maxHeadersSize", "must be greater than zero");
        }

        if (size.MaxUrlLength <= 0)
        {
            errors.Add($"{path}.maxUrlLength", "must be greater than zero");
        }
    }

    public IRequestPolicy Create(string name, PolicyConfig config, PolicyContext context)
    {
        var size = (RequestSizePolicyConfig)config;
        return new RequestSizePolicy(name, size.MaxBodySize, size.MaxHeadersSize, size.MaxUrlLength, context.LoggerFactory);
    }
}
