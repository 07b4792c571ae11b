/**
 * Fixed RSA signing keys with self-signed certificates, so the emulator signs with the
 * same keys on every run (stable JWKS, stable tokens under a fixed clock). They are test
 * keys published in this package: never use them for anything real.
 *
 * @internal
 */
export interface SigningKey {
  readonly kid: string
  readonly privateJwk: JsonWebKey
  readonly x5c: ReadonlyArray<string>
  readonly x5tS256: string
}

/** @internal */
export const signingKeys: ReadonlyArray<SigningKey> = [
  {
    "kid": "sso_oidc_key_pair_emulator_1",
    "privateJwk": {
      "kty": "RSA",
      "n":
        "y9dF7g2OLtVYsKdr5OzRAIAHSkuwKxsz72uKrpqch25pYndmAKiPYnlkpqe2oa_29dzPxQ8EocjBySw8ppMRWtVWtx_RvzXuccWfYeY8iWwQI_HdkmW0SSmdz0TuIWOWvXnKYff-2ckrkyhLBKPSsvZKGBQC2uZkWjG2fyMJnQ088d9xeu4D9nzmXqimcxppbhrDom8lcQUzxNtDQTrw34IY2NoG9DjMpGa70Ra-G1cfrhmIFI2xIpYQdfJsO07x4sxLvvZuvb0aJTXS7ZJuW9ZW_Ys9WLqf1a9uj22H_pgo6aRFq09hw8_hGfJwHj40LYJo0A5k-ZoJ59sbjenGoQ",
      "e": "AQAB",
      "d":
        "FhmxfcVfeIluE70bMBdS87Rt1erN32aUI22r_BFMTky0xVW_q-uanCkgNgdyACbFZlO5_RoLPQU4qXiP3NmOJKSDwdgD1DDjONed163wO1AJkfQbu08mlFYcQ4gsL1eOVN27CRMrwO4UOODB_W9LnVahoumsg5I-KB9Cs5cXaD0BGOSkf62IEij7E7up6VGYXemWPknON64IjUTOUd45yEnCCO6lJkkIn5eV9erJbohPq27quuVyXmZ9kmE7aoTkB_J5Dka-WqqiFj3H-k9N3L7yZvZcca-6YQWwppP6LchmnHsiGCdu6bTPNEnFR8A5jkMOljm4AI9Q5Hjs11w6Xw",
      "p":
        "8E4zZ8EP4wfBAv5Je5TTAQ2GQSl1tHBmiIuAmYd6T3f6GAF7qvqazv0f0KJHezEZvSel9-jvVWD4Nx35E4dL1Gg6DZ56BsPznT9QA6vT2VyJl6JPHlvng2k7gyg1vASk1N0n8fDXcx_aidCWfRtfAORVcl8zR8HawEg5yfOyo7s",
      "q":
        "2Sdmvb-hkutq3qYmb3wsXJh_dqRHXuYOzIoZVxsr9ClFzrNser7wMWda5QD9lNUHPq-llS9gj2P72SHUkZ55YGzqlZOxr__yyQxz7xEPVWMkNc2Y_NlUmEfF_G9bE87EfsPFf4K2p7_fVLBiJMihuYvXmUd3XHlA4jGNRpFCg1M",
      "dp":
        "WzSzGgwSpY6J2UL-TONdeqbRb-X2gLewkt6vvpXG_GaDC510fJ6FJ063Ro5xJvap2Ds2KPPF8tfNHc5IfPr68vFkJ0sg8XRqACLJkbsjuvn-VwkJknI7WosURWF7k5MHpKsTwCYy_8T1Qx1iILXExyfirngnlHKlPhmrpVTTVoU",
      "dq":
        "CJXNMw1DdwqFpB3PgTLYkiSZTXh7Nd5EkYOYMuBpIXMMRnrDfCrWVi2u40ThwaOWcL0C_93qpGCgkVoMDGHGjLBhqd439SxaTeaHItl60LZltRbWyJBTDt4vjqZcZHEVRam5wivJyuIEE1YR20BvXGWR9YZkyqwki4zH-BVAGu8",
      "qi":
        "HkOj_-Qc0UZHfzP1dtEG94ZZmribikyBuVO-a1jyqIkps_qXRWjZqTkFj2kZU5paVSz1My5yIqHMY6Y2M8SyRuskAob0Vlixcobyczbbf0hFPl6Ion3FwlZjqHxe4FL1pQql6fOdhHCNk2rfgNX37Y-Mp2JMlIQ2MIWTsWvrfvs"
    },
    "x5c": [
      "MIIDMTCCAhmgAwIBAgIUL3B64Xqbd/zq252LCQvOM6VyZ7UwDQYJKoZIhvcNAQELBQAwJzElMCMGA1UEAwwcZWZmZWN0LXdvcmtvcy1lbXVsYXRvci1rZXktMTAgFw0yNjExMjMwMjA2MDFaGA8yMTI2MTAzMDAyMDYwMVowJzElMCMGA1UEAwwcZWZmZWN0LXdvcmtvcy1lbXVsYXRvci1rZXktMTCCASIwDQYJKoZIhvcNAQEBBQADggEPADCCAQoCggEBAMvXRe4Nji7VWLCna+Ts0QCAB0pLsCsbM+9riq6anIduaWJ3ZgCoj2J5ZKantqGv9vXcz8UPBKHIwcksPKaTEVrVVrcf0b817nHFn2HmPIlsECPx3ZJltEkpnc9E7iFjlr15ymH3/tnJK5MoSwSj0rL2ShgUAtrmZFoxtn8jCZ0NPPHfcXruA/Z85l6opnMaaW4aw6JvJXEFM8TbQ0E68N+CGNjaBvQ4zKRmu9EWvhtXH64ZiBSNsSKWEHXybDtO8eLMS772br29GiU10u2SblvWVv2LPVi6n9Wvbo9th/6YKOmkRatPYcPP4RnycB4+NC2CaNAOZPmaCefbG43pxqECAwEAAaNTMFEwHQYDVR0OBBYEFP6DI3EjEF2R27YUHmlksPvkwhWiMB8GA1UdIwQYMBaAFP6DI3EjEF2R27YUHmlksPvkwhWiMA8GA1UdEwEB/wQFMAMBAf8wDQYJKoZIhvcNAQELBQADggEBALtsG+r7AU3B1dgopspqTdodNxKjphiATZvqwhmclTJeIeFeF0NvNfmhCk83cR1EH8lz82E37Xr39H+94rxqJu+qu65+u4BoLg9GG4YZnEHTVfqjWy5GLmslUkDW5PBNIa7p7noEU3PZoS26RXV7k3yjlUcONPOhPKrEwlYp32foMhl/eoKkukqQUJc2P5TW65rUz0JnAu8/H1pRYubbPDUCcSvbcP00qoeGUUyYgMMOuwN6wBsA6RvND14whqRJtLkhv9qWTzUfGAxkSkt8IXKFHNHxElZSovSQLwRUgYkvXAPELjaf/cr+QnVYresoS8bn/6L+otp7bgAr4VWyjqs="
    ],
    "x5tS256": "qx1-8aJoNPp5gqkHXQ6AIh_dvddYWLBV81hQ0eQmsCE"
  },
  {
    "kid": "sso_oidc_key_pair_emulator_2",
    "privateJwk": {
      "kty": "RSA",
      "n":
        "qvW5ARayBKOAWadnBbu6Ls1rVw7ueH9WXJbIw10vPVBjuJz0XiHIRvAYAvBmS-0MgOPWhww9NjH3Tu3h-6mz3oVGRpYqQCocHkh8tWkybY2X0ObJJYrgLrqVJlhd-3n1Nso50LmpN4ffnSNqvncbHD30WK5oHOCMVfKGcJfHEg8d4P2iYs-_7lc8bUIbtJwC88j535qOMeBysSuOlPCv6u-SN9C3-CWdJjW3xqu3g4FmIoBB4QcHTIbFliPloxNdeqRxuafDULBFn3iRxFjtkabj3y3F6TbvH4TViVCChlkUMaq2zSaDfuKfUajKo4AKeIT8DnhEG0qNZH-zZrCnMQ",
      "e": "AQAB",
      "d":
        "BJFSIxRPJ06TBFIzr3SHke6NGqNcfb2xOgIRVR7tPy8hqvIOmWE_r52ElreDlC2-MsdjmPIbxJHrMKGscwPiuWRIL2Sdtl8ppyl6o4IvBbxNvRgdcbJXMQhtKbwcrrZgddlLWCdNvR0VPWaP2IzoHYYOPDxUrcjWFwnGy8VSXUoc4xPwSQ1Piov-VgWCaiC9KJ73v_ZP2TEiiSTovg9fZfCEqiXkyihr9FZNnHcUxCHHq7Tf54AaE6RrLFisFBRKgWFpXuS4B83OZuBpxcozSxdsBeOqQTCBEshO77jmQO28uUYOVxVHfsFc3a5ZBi1Jjd0vsfLPcyz-7aiJwEtI7Q",
      "p":
        "48R-bTnKglxJnZz-yv5O7inVb6iH_JpNtRh-5V919wfUrFjcbJaUvtxrEB0aWlQW4MWYjtYTkOZyjyt71jVOp_D_M5du2kXSs73BphB_bBqo_TKaAEp7hkBBYnsnfvPsWnMuWPYvFJSwhYkvfFxuCDGc6te9LykNOyWZsv3BAlM",
      "q":
        "wCacP7Armt5K5W1OglPidTrNCNYhp728AmqzsfxMKbWl_ntPGFlZAK5XTxkE1HR9aO22MZlZ3aemu-799wyi2dgFoFZB1vuvMZSxapOK-6WsAth7xhR1x2xK8mSW9iWBZBFqJdLtswo8GQuyE0gMWKkLzhZYoSf6DZTMEF7Xx-s",
      "dp":
        "FQMlnrH8KraU3AOFxfhcE8CsPhbQJM-fZ5uQ6Vw7J8UDK7su6p2hr1HqVpw4uCiVy7qu7k51k6KO4wJh9EsKrJehE4Ne6KgUXhydZtKSzshO2rz2VByK9MGsxocSB7Y9EcMafX6IrV9iQY98X_6u7_aTwV6Rx24EGHbJjSe3zJ0",
      "dq":
        "hsjOo3IdNDYnzUVeY9cZq-fCOSeTVgmmXv-f6wKyHjPYK2kts0PBRdQFVGuVUr4f1kGgoqwSOIRIVd2v8eLAPRTl5XF8H6ROYPYPeVXjkN_Gh_x43hot_-Q7sknTBviKCbqZfcy2hfdw7pSgphvM5Ug3CqnsI6daJLqyZe1RaV8",
      "qi":
        "38IqSOwZbWJZBpcUa4QJyqfayKqTuTTFlYpgJdiJE6UIjHLGol23_C2dpIiMPbIGIUWU_efSm1L0DNdUR-R3eXwFVCNEY12fbgW3eJeuhycmn5qe4y0JviaHZITMK4d84een4NWUpm59i0dxrVxmHDW4UwFpa1oTgffloCjBB0Y"
    },
    "x5c": [
      "MIIDMTCCAhmgAwIBAgIUDnieIQ+AMtg0fs40hRHa1pIpl0IwDQYJKoZIhvcNAQELBQAwJzElMCMGA1UEAwwcZWZmZWN0LXdvcmtvcy1lbXVsYXRvci1rZXktMjAgFw0yNjExMjMwMjA2MDJaGA8yMTI2MTAzMDAyMDYwMlowJzElMCMGA1UEAwwcZWZmZWN0LXdvcmtvcy1lbXVsYXRvci1rZXktMjCCASIwDQYJKoZIhvcNAQEBBQADggEPADCCAQoCggEBAKr1uQEWsgSjgFmnZwW7ui7Na1cO7nh/VlyWyMNdLz1QY7ic9F4hyEbwGALwZkvtDIDj1ocMPTYx907t4fups96FRkaWKkAqHB5IfLVpMm2Nl9DmySWK4C66lSZYXft59TbKOdC5qTeH350jar53Gxw99FiuaBzgjFXyhnCXxxIPHeD9omLPv+5XPG1CG7ScAvPI+d+ajjHgcrErjpTwr+rvkjfQt/glnSY1t8art4OBZiKAQeEHB0yGxZYj5aMTXXqkcbmnw1CwRZ94kcRY7ZGm498txek27x+E1YlQgoZZFDGqts0mg37in1GoyqOACniE/A54RBtKjWR/s2awpzECAwEAAaNTMFEwHQYDVR0OBBYEFEclQdOw1h0vQ+A0wYbBhBsSlJUrMB8GA1UdIwQYMBaAFEclQdOw1h0vQ+A0wYbBhBsSlJUrMA8GA1UdEwEB/wQFMAMBAf8wDQYJKoZIhvcNAQELBQADggEBACR9D8aQjRLJWaAo6CXP5UsqyIagNX9b2NVXWdRNKwjKP53AEozmXxk7RyT+GcsEoKCXUCLIPq48lZVRyImq+AEMXjOZ0l46Q5Oz6virtUubmBi5S5f7bmt3MHP13hk4CpJ1sHITPO7zc9r7H2GuOEn6HUZmn6wZiJ9Cv+jNoo3G7KOJwPpnf6CE4CDPG3HkBmGxZZIoXixUE1s/QAEd6fwSTX/4f3KeWsCjDdFyTKe/NpnAlpWLYFOfpwgpm1g7jkK3zd4GLNypRHIYA3yOowL/rT1IHBC02CKHLsY1cP+VtITO/vx4WFmAS0NfMu17fVC4OnfHapIqCNHpjmsVw68="
    ],
    "x5tS256": "9mC0NZrHIwXA6OATnLqwzbMAL8T_1FsDM_I87003igI"
  },
  {
    "kid": "sso_oidc_key_pair_emulator_3",
    "privateJwk": {
      "kty": "RSA",
      "n":
        "nJ7PfynKO5Kgrq7LU5kNuUhG_zRLmwARmGcdjNv309FULZ3khYs_0T2vy0S3jQ3eIigQ9ALRkb4cOccVS5WeXAofRoG4iyP3ThD2_wjvvCEfYSybUhuAnsuJ2fzs0wgQY1wIzn5hq-0Qe05Yemozw0D0oD_4rFhu7UNYe9IvyXjLkB3Ivxc10PhtdTk23imy9Z_t0-4Ov4NP-_dUjawWxyNv1lwyANg4mlDiISaAF9LO5xGgFh3DoEfb-odBa95mwgNMsRqGFeQWYrsjitNwin819t-yYeuuEAzGFQkNEWUqR7XW4WWWzGNRZyFXlRVUuz7V26bqwBToANhSUWE4kQ",
      "e": "AQAB",
      "d":
        "Ryzo0TpVnGMTQK9Q2anpkbUmBp5maYdLd74MsNHaO1ma7qwdiQ7yLo3hEPgmjiSqOU2J_so1IQ2LWDqAE_xnnh4_flQ_YIQ0xDZzeQ0_nXhUAV47K8Ix3nhTKkyF95VnlS_jFKxciLxQTCkbjm4rHeWsBhNsWC5MIukDEio_60eTA8Zx_PLo4nwEid1dFaIjQEUvqbJWgueZux-JPcCflApGpvajHWiZ-fJjUMKB7gMzQvCXF-pqpEIPVQ36DfHgc22dXXN0Bl09Sq056PIvca0eBAyhDmPwz3v-hN-Y1Nh-dM4_pvNU-cNAZlU9wihDJcu5VH_X2QbSq1bOzt_vfQ",
      "p":
        "yJnL2ND9zId2AKb5wrCkgLfqyMhtcoDb0u1HxULFPvCsp_8mdqEvDkepmyzUJLcleeB6ga1XqoWjtXZRDXNVv4zCNOjyimtd9zEkTkjn-QTZjMN-CsWUUNHZVfvpyy_XRxILASb4V04K-L0uK3GP_2VEDyohAZt6XbBWYJ7Ezrc",
      "q":
        "x9-oifvlW7qIWxDHJsrgWBD9cS0lK2adIlEk2dSRjAujFaL0j2Pbm-qX1CswN9-ssZbtZnPU9HSjhJWvCafkLu2wAKRmguRnXr2zOkDTzNM3fILgMmb2k7weQi6cIHduarKzOo93bzBu9-P_mcnIly9_pPiqp01xmj2VtDVKavc",
      "dp":
        "IZ4cmmZT0j31WaCiBK2js-qejy1_ogvUSyH2wCkzcxvUY4cQBBt5DlSWKOo3VzvWLPmgrjDFm08wI04DwVRNz38gYMuVMftSUQXMRs5TCdl1N_DfI6D-_Rhd6tn_0UxgMInmjDfisIbksdDKdv9eGXf4Eu6Ff4Z12FOf9itFYjs",
      "dq":
        "OKAVuJnjvdwX22zibwwVCP4vP0wh9qzIobtJbGk7nuiBGJUlIiaRRhftUc-2hm3ZGCsBMQBp-aO928coYtzs2Zq_PT9WR4j7_CxURZGuL547XwwZBk6DVxF5pRhdZRlQ7-uWuWWB2b9oANTYSjKPoL11NUC54FIheCgwbHCYl7s",
      "qi":
        "srVSNIkjWg2TcJ-vSJG2_DBn6KnYlMHK0fX7KylUTZCZKtttcSlAiiVXw3fzLnEnAsphS5_-i2jjMENyufRpPPPQlcMPGRoqfq7CVsLikSQ1uAR30Q1RWFssiF2-x4ASb9YMojcvJXNamjpK6LNzVuIXt6EezftTjzKmi4w2Yyw"
    },
    "x5c": [
      "MIIDMTCCAhmgAwIBAgIUcFNsy+sPZjSF4UN68949KMMcq7gwDQYJKoZIhvcNAQELBQAwJzElMCMGA1UEAwwcZWZmZWN0LXdvcmtvcy1lbXVsYXRvci1rZXktMzAgFw0yNjExMjMwMjA2MDJaGA8yMTI2MTAzMDAyMDYwMlowJzElMCMGA1UEAwwcZWZmZWN0LXdvcmtvcy1lbXVsYXRvci1rZXktMzCCASIwDQYJKoZIhvcNAQEBBQADggEPADCCAQoCggEBAJyez38pyjuSoK6uy1OZDblIRv80S5sAEZhnHYzb99PRVC2d5IWLP9E9r8tEt40N3iIoEPQC0ZG+HDnHFUuVnlwKH0aBuIsj904Q9v8I77whH2Esm1IbgJ7Lidn87NMIEGNcCM5+YavtEHtOWHpqM8NA9KA/+KxYbu1DWHvSL8l4y5AdyL8XNdD4bXU5Nt4psvWf7dPuDr+DT/v3VI2sFscjb9ZcMgDYOJpQ4iEmgBfSzucRoBYdw6BH2/qHQWveZsIDTLEahhXkFmK7I4rTcIp/NfbfsmHrrhAMxhUJDRFlKke11uFllsxjUWchV5UVVLs+1dum6sAU6ADYUlFhOJECAwEAAaNTMFEwHQYDVR0OBBYEFNO+0GNSreC5XShmxp7q0NrDxuHZMB8GA1UdIwQYMBaAFNO+0GNSreC5XShmxp7q0NrDxuHZMA8GA1UdEwEB/wQFMAMBAf8wDQYJKoZIhvcNAQELBQADggEBABHtHid9/4OIMxduTuDvMt116vXSUsyx66GSkEifG9ICsXjPZkyrdEoHiV+7oMMG737lS0ip0hv5DWoPdWwYTIwz3g59bbbDL3e/VFPOJIBpMdZPA2hAi9oXJR05dJ7kuyy4RDSezwGNi4n8QPijjRRzi/j1SW2X2LXhkdSQcJNg1en+gkKlsS0L+f1w5T2NSgo9xd/h1mwdJxUAWLgNcyvaJDRqV4v+DBYR3p2GHw9oLf3964msFE4cbpEa/nJgt22ZeG9QvZytIcr3s0CpYuu05T13FqtFtmXGpfABxoX5Y8DTSgwfcSKEzXWFJC2ZXh/2H7wGZ71RScWfDm0LZv4="
    ],
    "x5tS256": "pfp4vtuUamlKugAyYuiPehmcqPbNam19KbrrE7z-Utc"
  }
]
