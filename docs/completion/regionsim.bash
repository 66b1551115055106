# bash completion for regionsim(1). Installed as
# share/bash-completion/completions/regionsim.
_regionsim()
{
    local cur prev cmd
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    cmd=${COMP_WORDS[1]}
    if [ "$COMP_CWORD" -eq 1 ]; then
        COMPREPLY=($(compgen -W "run merge validate compare regions --help --version -V" -- "$cur"))
        return
    fi
    case $cmd in
    run)
        case $prev in
        -o|--out) COMPREPLY=($(compgen -d -- "$cur")); return ;;
        --format) COMPREPLY=($(compgen -W "png svg pdf png,svg png,svg,pdf none" -- "$cur")); return ;;
        --fail-on-unmet)
            COMPREPLY=($(compgen -W "backup_restore pilot_light warm_standby active_active" -- "$cur")
                       $(compgen -f -X '!*.@(yaml|yml)' -- "$cur"))
            return ;;
        -n|--replications|--seed|-j|--jobs|--set|--sweep|--shard) return ;;
        esac
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W "-o --out -n --replications --seed -j --jobs --format
                                     -q --quiet --resume --fail-on-unmet --set --sweep --exact --shard
                                     --help" -- "$cur"))
        else
            COMPREPLY=($(compgen -f -X '!*.@(yaml|yml)' -- "$cur") $(compgen -d -- "$cur"))
        fi
        ;;
    merge)
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W "--quiet --help" -- "$cur"))
        else
            COMPREPLY=($(compgen -d -- "$cur"))
        fi
        ;;
    validate)
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W "--help" -- "$cur"))
        else
            COMPREPLY=($(compgen -f -X '!*.@(yaml|yml)' -- "$cur") $(compgen -d -- "$cur"))
        fi
        ;;
    compare)
        case $prev in
        -o|--out) COMPREPLY=($(compgen -f -- "$cur")); return ;;
        esac
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W "-o --out -q --quiet --help" -- "$cur"))
        else
            COMPREPLY=($(compgen -d -- "$cur"))
        fi
        ;;
    regions)
        if [ "$prev" = --rtt ] || [ "${COMP_WORDS[2]}" = --rtt ]; then
            COMPREPLY=($(compgen -W "$(regionsim regions 2>/dev/null | awk '/^  [a-z]/ && $1 != "region" {print $1}')" -- "$cur"))
        else
            COMPREPLY=($(compgen -W "--rtt --help" -- "$cur"))
        fi
        ;;
    esac
}
complete -o filenames -F _regionsim regionsim
