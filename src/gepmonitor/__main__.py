from gepmonitor.cli import main

main()
