from jianbao_cli.cli import main

main()
