using Fulcrum.Cli;

return await FulcrumCli.Build().Parse(args).InvokeAsync();
