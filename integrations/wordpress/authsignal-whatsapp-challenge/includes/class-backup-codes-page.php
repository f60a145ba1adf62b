<?php
/**
 * Users > WhatsApp backup codes (or Profile > WhatsApp backup codes): a user generates their
 * own set, shown once on the page that made it; and the "use a backup code" field on the
 * plugin's sign-in step. Not offered when Two Factor is active: its own backup codes are the
 * recovery there.
 *
 * @package AuthsignalWhatsApp
 */

namespace AuthsignalWhatsApp;

defined( 'ABSPATH' ) || exit;

/**
 * The page and the sign-in field.
 */
final class Backup_Codes_Page {

	public const SLUG = 'authsignal-whatsapp-backup-codes';

	/** Nonce action of the generate form. */
	private const NONCE_ACTION = 'authsignal_whatsapp_generate_backup_codes';

	/** User meta: the attempt of the code to the number that confirms generating a set. */
	public const CONFIRM_META = '_authsignal_whatsapp_backup_codes_confirm';

	/**
	 * Why this request made no codes ('' when it did not try).
	 *
	 * @var string
	 */
	private static string $refused = '';

	/**
	 * The codes made by this request, to show once.
	 *
	 * @var string[]
	 */
	private static array $new_codes = array();

	/** Hooks. */
	public static function register_hooks(): void {
		add_action( 'admin_menu', array( self::class, 'menu' ) );
		add_action( 'authsignal_whatsapp_login_step_form', array( self::class, 'login_field' ) );
		add_filter( 'authsignal_whatsapp_login_step_unavailable_message', array( self::class, 'unavailable_message' ), 10, 2 );
	}

	/**
	 * When Authsignal cannot be reached at sign-in: the person is pointed to their backup codes.
	 *
	 * @param string   $message The step's message.
	 * @param \WP_User $user    The user signing in.
	 */
	public static function unavailable_message( $message, $user = null ): string {
		if ( ! $user instanceof \WP_User || 0 === Backup_Codes::remaining( $user->ID ) ) {
			return (string) $message;
		}
		return __( 'The WhatsApp verification is unavailable right now. You can sign in with one of your backup codes below, or try again later.', 'authsignal-whatsapp-challenge' );
	}

	/** Adds the page for every signed-in user. */
	public static function menu(): void {
		if ( Two_Factor_Bridge::is_active() ) {
			return;
		}
		$hook = add_users_page(
			__( 'WhatsApp backup codes', 'authsignal-whatsapp-challenge' ),
			__( 'WhatsApp backup codes', 'authsignal-whatsapp-challenge' ),
			'read',
			self::SLUG,
			array( self::class, 'render' )
		);
		if ( is_string( $hook ) ) {
			add_action( 'load-' . $hook, array( self::class, 'handle_post' ) );
		}
	}

	/** Before the page is printed: a posted form (nonce checked) makes a new set, shown once by render(). */
	public static function handle_post(): void {
		$user_id = get_current_user_id();
		if ( ! $user_id || ! isset( $_POST['authsignal_generate_backup_codes'] ) ) {
			return;
		}
		check_admin_referer( self::NONCE_ACTION );
		// The session alone is not enough (it may be someone else's): the account password, not
		// one set during this session, or a code sent to the number.
		$password = Account_Password::check( $user_id, Account_Password::posted( 'authsignal_backup_codes_password' ) );
		if ( 'ok' !== $password && ! Phone_Field::confirmed_by_code( $user_id, self::CONFIRM_META ) ) {
			self::$refused = $password;
			return;
		}
		self::$new_codes = Backup_Codes::generate( $user_id );
	}

	/** The page's URL. */
	public static function url(): string {
		return admin_url( ( current_user_can( 'edit_users' ) ? 'users.php' : 'profile.php' ) . '?page=' . self::SLUG );
	}

	/** Prints the page, with the codes handle_post() just made. */
	public static function render(): void {
		$user_id = get_current_user_id();
		if ( ! $user_id || ! current_user_can( 'read' ) ) {
			return;
		}
		$codes = self::$new_codes;
		?>
		<div class="wrap">
			<h1><?php esc_html_e( 'WhatsApp backup codes', 'authsignal-whatsapp-challenge' ); ?></h1>
			<p><?php esc_html_e( 'If you cannot get a WhatsApp code at sign-in (a lost phone, or the verification service is unreachable), sign in with one of these codes instead. Each code works once. Keep them somewhere safe, away from your password.', 'authsignal-whatsapp-challenge' ); ?></p>
			<?php if ( $codes ) : ?>
				<div class="notice notice-warning inline"><p><?php esc_html_e( 'Write these codes down or print them now: they are shown only this once. Your earlier codes no longer work.', 'authsignal-whatsapp-challenge' ); ?></p></div>
				<ol id="authsignal-backup-codes">
					<?php foreach ( $codes as $code ) : ?>
						<li><code><?php echo esc_html( $code ); ?></code></li>
					<?php endforeach; ?>
				</ol>
			<?php else : ?>
				<p id="authsignal-backup-codes-remaining">
					<?php
					$remaining = Backup_Codes::remaining( $user_id );
					/* translators: %d: how many backup codes are left. */
					echo esc_html( sprintf( __( 'Unused backup codes: %d', 'authsignal-whatsapp-challenge' ), $remaining ) );
					?>
				</p>
			<?php endif; ?>
			<?php if ( 'changed' === self::$refused ) : ?>
				<div class="notice notice-error inline" id="authsignal-backup-codes-refused"><p><?php esc_html_e( 'Your password was changed during this session, so it cannot confirm new backup codes. Enter the code sent to your WhatsApp number, or sign out and sign in again.', 'authsignal-whatsapp-challenge' ); ?></p></div>
			<?php elseif ( '' !== self::$refused ) : ?>
				<div class="notice notice-error inline" id="authsignal-backup-codes-refused"><p><?php esc_html_e( 'No new codes were made: to generate them, enter your password or the code sent to your WhatsApp number.', 'authsignal-whatsapp-challenge' ); ?></p></div>
			<?php endif; ?>
			<form method="post" action="<?php echo esc_url( self::url() ); ?>">
				<?php wp_nonce_field( self::NONCE_ACTION ); ?>
				<p><?php esc_html_e( 'Generating a new set revokes all your earlier codes.', 'authsignal-whatsapp-challenge' ); ?></p>
				<p>
					<label for="authsignal_backup_codes_password"><?php esc_html_e( 'Your password', 'authsignal-whatsapp-challenge' ); ?></label><br />
					<input type="password" name="authsignal_backup_codes_password" id="authsignal_backup_codes_password" class="regular-text" autocomplete="current-password" value="" />
				</p>
				<?php
				$user = wp_get_current_user();
				if ( '' !== Phone_Field::get( $user_id ) ) {
					$attempt = WhatsApp_Verification::new_attempt();
					if ( null !== $attempt ) {
						?>
						<p><?php esc_html_e( 'Or, instead of your password, verify with a code sent to your WhatsApp number:', 'authsignal-whatsapp-challenge' ); ?></p>
						<?php
						update_user_meta( $user_id, self::CONFIRM_META, $attempt );
						Phone_Field::render_element( $user, $attempt, null, false );
					}
				}
				submit_button( __( 'Generate new backup codes', 'authsignal-whatsapp-challenge' ), 'secondary', 'authsignal_generate_backup_codes' );
				?>
			</form>
		</div>
		<?php
	}

	/**
	 * The "use a backup code" field inside the sign-in step's form. Its button skips the
	 * form's validation, which would otherwise wait for the element's verified code.
	 *
	 * @param \WP_User $user The user signing in.
	 */
	public static function login_field( $user ): void {
		if ( ! $user instanceof \WP_User || 0 === Backup_Codes::remaining( $user->ID ) ) {
			return;
		}
		?>
		<details id="authsignal-backup-code-option">
			<summary><?php esc_html_e( 'Cannot get a WhatsApp code? Use a backup code', 'authsignal-whatsapp-challenge' ); ?></summary>
			<p>
				<label for="authsignal-backup-code"><?php esc_html_e( 'Backup code', 'authsignal-whatsapp-challenge' ); ?></label>
				<input type="text" name="authsignal_backup_code" id="authsignal-backup-code" class="input" autocomplete="one-time-code" spellcheck="false" />
			</p>
			<p><button type="submit" class="button" id="authsignal-use-backup-code" formnovalidate><?php esc_html_e( 'Sign in with the backup code', 'authsignal-whatsapp-challenge' ); ?></button></p>
		</details>
		<?php
	}
}
