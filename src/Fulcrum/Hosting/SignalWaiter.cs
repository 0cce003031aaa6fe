using System.Runtime.InteropServices;

namespace Fulcrum.Hosting;

/// <summary>
/// Turns SIGHUP into reload requests and SIGTERM/SIGINT into one shutdown request. The default action of each
/// signal is cancelled so the runtime, not the process default, decides what happens.
/// </summary>
internal sealed class SignalWaiter : IDisposable
{
    private readonly List<PosixSignalRegistration> _registrations = [];
    private readonly TaskCompletionSource _shutdown = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SignalWaiter(Action onHangup)
    {
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop));
        if (!OperatingSystem.IsWindows())
        {
            _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                context.Cancel = true;
                onHangup();
            }));
        }
    }

    /// <summary>Completes on the first SIGTERM or SIGINT.</summary>
    public Task Shutdown => _shutdown.Task;

    private void Stop(PosixSignalContext context)
    {
        context.Cancel = true;
        _shutdown.TrySetResult();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }
}
