using Fulcrum.FunctionalTests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Fulcrum.FunctionalTests.Gateway.Access;

/// <summary>
/// A backend that reads request bodies without limit and counts every byte that reached it, even from requests
/// the gateway cut off, then answers with the count. <see cref="Finished"/> counts handlers that have ended.
/// </summary>
internal sealed class CountingBackend : IAsyncDisposable
{
    private readonly InlineBackend _backend;
    private long _bytes;
    private int _requests;
    private int _finished;

    private CountingBackend(InlineBackend backend) => _backend = backend;

    public string Address => _backend.Address;

    public long Bytes => Interlocked.Read(ref _bytes);

    public int Requests => Volatile.Read(ref _requests);

    public int Finished => Volatile.Read(ref _finished);

    public static async Task<CountingBackend> StartAsync()
    {
        CountingBackend? self = null;
        var backend = await InlineBackend.StartAsync(context => self!.HandleAsync(context));
        self = new CountingBackend(backend);
        return self;
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        try
        {
            context.Features.GetRequiredFeature<IHttpMaxRequestBodySizeFeature>().MaxRequestBodySize = null;
            var buffer = new byte[16 * 1024];
            long total = 0;
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                Interlocked.Add(ref _bytes, read);
                total += read;
            }

            await context.Response.WriteAsync($"received {total}");
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or BadHttpRequestException)
        {
            // The gateway gave up on this request: what arrived is counted, nothing to answer.
        }
        finally
        {
            Interlocked.Increment(ref _finished);
        }
    }

    public ValueTask DisposeAsync() => _backend.DisposeAsync();
}
