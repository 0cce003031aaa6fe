using Fulcrum.Listeners;

namespace Fulcrum.Configuration.Validation;

internal static class AdminRules
{
    public static void Validate(GatewayConfig config, ConfigErrors errors)
    {
        if (config.Admin is not { } admin)
        {
            return;
        }

        if (!ListenAddress.TryParse(admin.Address, out var endPoint, out var error))
        {
            errors.Add("admin.address", error!);
        }
        else if (!ListenAddress.IsLoopback(endPoint) && string.IsNullOrEmpty(admin.Token))
        {
            errors.Add("admin.address", $"{admin.Address} is not a loopback address: set admin.token so the admin API is not open to the network");
        }
    }
}
